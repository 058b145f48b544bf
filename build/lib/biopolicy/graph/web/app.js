// The query page: pick a canned query or write one, run it on ./sparql, show the rows, download CSV.
// No network beyond this server: everything it loads is served by `biopolicy serve` (see index.html's CSP).
// URL parameters: ?canned=NAME selects a canned query, ?query=TEXT fills the editor, &run=1 runs it.
"use strict";

const LOCAL_NAMESPACES = {
  "https://w3id.org/biopolicy/id/": "id/",
  "https://w3id.org/biopolicy/vocab/": "vocab/",
};

const page = {
  canned: document.getElementById("canned"),
  question: document.getElementById("question"),
  query: document.getElementById("query"),
  run: document.getElementById("run"),
  download: document.getElementById("download"),
  status: document.getElementById("status"),
  error: document.getElementById("error"),
  table: document.getElementById("results"),
  graph: document.getElementById("graph"),
  limits: document.getElementById("limits"),
};
let catalogue = [];
let prefixes = {};
let downloadUrl = null;

function setState(state) {
  document.body.dataset.state = state;
}

function showError(text) {
  page.error.textContent = text;
  page.error.hidden = false;
}

function compact(iri) {
  for (const [prefix, namespace] of Object.entries(prefixes)) {
    if (iri.startsWith(namespace) && iri.length > namespace.length) {
      return prefix + ":" + iri.slice(namespace.length);
    }
  }
  return iri;
}

function localHref(iri) {
  for (const [namespace, path] of Object.entries(LOCAL_NAMESPACES)) {
    if (iri.startsWith(namespace) && iri.length > namespace.length) {
      return path + iri.slice(namespace.length).split("#")[0];
    }
  }
  return null;
}

function termCell(term) {
  const cell = document.createElement("td");
  if (!term) {
    return cell;
  }
  if (term.type === "uri") {
    const link = document.createElement("a");
    link.textContent = compact(term.value);
    link.title = term.value;
    const local = localHref(term.value);
    link.href = local || term.value;
    if (!local) {
      link.rel = "noopener noreferrer";
    }
    cell.appendChild(link);
  } else if (term.type === "bnode") {
    cell.textContent = "_:" + term.value;
    cell.className = "bnode";
  } else if (term.type === "triple") {
    cell.textContent = "<< " + ["subject", "predicate", "object"].map((k) => term.value[k].value).join(" ") + " >>";
  } else {
    cell.textContent = term.value;
    if (term["xml:lang"]) {
      cell.lang = term["xml:lang"];
    } else if (term.datatype) {
      cell.title = compact(term.datatype);
      cell.className = "typed";
    }
  }
  return cell;
}

function plainValue(term) {
  if (!term) {
    return "";
  }
  if (term.type === "bnode") {
    return "_:" + term.value;
  }
  return typeof term.value === "string" ? term.value : JSON.stringify(term.value);
}

function csvField(text) {
  return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
}

function offerCsv(vars, bindings, name) {
  const lines = [vars.map(csvField).join(",")];
  for (const binding of bindings) {
    lines.push(vars.map((v) => csvField(plainValue(binding[v]))).join(","));
  }
  if (downloadUrl) {
    URL.revokeObjectURL(downloadUrl);
  }
  downloadUrl = URL.createObjectURL(new Blob([lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" }));
  page.download.href = downloadUrl;
  page.download.download = (name || "query") + ".csv";
  page.download.hidden = false;
}

function clearOutput() {
  page.error.hidden = true;
  page.table.hidden = true;
  page.graph.hidden = true;
  page.download.hidden = true;
  page.table.tHead.replaceChildren();
  page.table.tBodies[0].replaceChildren();
  page.graph.textContent = "";
}

function showTable(data) {
  const vars = data.head.vars || [];
  const bindings = data.results.bindings;
  const header = document.createElement("tr");
  for (const name of vars) {
    const th = document.createElement("th");
    th.textContent = name;
    header.appendChild(th);
  }
  page.table.tHead.appendChild(header);
  const body = page.table.tBodies[0];
  const rows = document.createDocumentFragment();
  for (const binding of bindings) {
    const row = document.createElement("tr");
    for (const name of vars) {
      row.appendChild(termCell(binding[name]));
    }
    rows.appendChild(row);
  }
  body.appendChild(rows);
  page.table.hidden = false;
  offerCsv(vars, bindings, page.canned.value);
  return bindings.length;
}

async function runQuery() {
  const text = page.query.value;
  if (!text.trim()) {
    showError("Write a query first.");
    return;
  }
  clearOutput();
  setState("running");
  page.run.disabled = true;
  page.status.textContent = "running…";
  const started = performance.now();
  try {
    const response = await fetch("sparql", {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Accept: "application/sparql-results+json, text/turtle;q=0.9",
      },
      body: new URLSearchParams({ query: text }),
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const type = response.headers.get("Content-Type") || "";
    if (!response.ok) {
      showError(`${response.status} ${response.statusText}: ${await response.text()}`);
      page.status.textContent = "";
      setState("failed");
      return;
    }
    if (type.startsWith("application/sparql-results+json")) {
      const data = await response.json();
      if ("boolean" in data) {
        page.graph.textContent = String(data.boolean);
        page.graph.hidden = false;
        page.status.textContent = `${data.boolean} in ${seconds} s`;
      } else {
        const count = showTable(data);
        page.status.textContent = `${count} row${count === 1 ? "" : "s"} in ${seconds} s`;
      }
    } else {
      page.graph.textContent = await response.text();
      page.graph.hidden = false;
      page.status.textContent = `${type.split(";")[0]} in ${seconds} s`;
    }
    setState("done");
  } catch (error) {
    showError(`The endpoint could not be reached: ${error.message}`);
    page.status.textContent = "";
    setState("failed");
  } finally {
    page.run.disabled = false;
  }
}

function selectCanned(name) {
  const canned = catalogue.find((query) => query.name === name);
  page.canned.value = canned ? canned.name : "";
  page.question.textContent = canned ? canned.question : "";
  if (canned) {
    page.query.value = canned.text;
  }
  return Boolean(canned);
}

async function loadCatalogue() {
  const response = await fetch("api/queries", { headers: { Accept: "application/json" } });
  if (!response.ok) {
    throw new Error(`api/queries answered ${response.status}`);
  }
  const data = await response.json();
  catalogue = data.queries;
  prefixes = data.prefixes;
  page.limits.textContent =
    `Each query may run ${data.limits.timeout_s} s and return ${data.limits.max_rows.toLocaleString()} rows.`;
  for (const query of catalogue) {
    const option = document.createElement("option");
    option.value = query.name;
    option.textContent = query.title_zh ? `${query.title} · ${query.title_zh}` : query.title;
    option.title = query.question;
    page.canned.appendChild(option);
  }
}

async function start() {
  setState("loading");
  page.run.addEventListener("click", runQuery);
  page.query.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      runQuery();
    }
  });
  page.canned.addEventListener("change", () => selectCanned(page.canned.value));
  try {
    await loadCatalogue();
  } catch (error) {
    showError(`The canned queries could not be loaded: ${error.message}`);
  }
  const params = new URLSearchParams(window.location.search);
  if (params.has("canned") && !selectCanned(params.get("canned"))) {
    showError(`There is no canned query named ${params.get("canned")}.`);
  }
  if (params.has("query")) {
    page.query.value = params.get("query");
  }
  setState("ready");
  if (params.get("run") === "1") {
    await runQuery();
  }
}

start();
