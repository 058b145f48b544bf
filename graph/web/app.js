// The query page: pick a canned query or write one, run it on ./sparql, show the rows, download CSV.
// No network beyond this server: everything it loads is served by `biopolicy serve` (see index.html's CSP);
// the editor is CodeMirror 5, vendored in web/vendor/codemirror with its licence.
// URL parameters (the permalink, kept current as the page changes): ?canned=NAME selects a canned query,
// &param.NAME=VALUE sets one of its `# param:` values, ?query=TEXT fills the editor, &run=1 runs it.
"use strict";

const LOCAL_NAMESPACES = {
  "https://w3id.org/biopolicy/id/": "id/",
  "https://w3id.org/biopolicy/vocab/": "vocab/",
};

const XSD = "http://www.w3.org/2001/XMLSchema#";
const NUMERIC_TYPES = new Set(
  ["integer", "decimal", "double", "float", "long", "int", "short", "nonNegativeInteger", "positiveInteger",
   "negativeInteger", "nonPositiveInteger", "unsignedLong", "unsignedInt"].map((name) => XSD + name),
);
const CHART_COLOUR = "#0072B2";
const CHART_ROWS = 60;
const numberFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 6 });

const page = {
  canned: document.getElementById("canned"),
  params: document.getElementById("params"),
  chartButton: document.getElementById("chart-button"),
  chart: document.getElementById("chart"),
  permalink: document.getElementById("permalink"),
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
let editor = null;
let lastResult = null;
let ran = false;
let editedByHand = false;  // the editor's text was typed, not set from a canned query and its form
let settingText = false;

// The editor's text, whether CodeMirror loaded or the page fell back to the plain textarea.
function queryText() {
  return editor ? editor.getValue() : page.query.value;
}

function setQueryText(text) {
  settingText = true;
  if (editor) {
    editor.setValue(text);
  } else {
    page.query.value = text;
  }
  settingText = false;
  editedByHand = false;
}

function currentCanned() {
  return catalogue.find((query) => query.name === page.canned.value) || null;
}

// A SPARQL string literal, escaped as graph/query.py's sparql_string does.
function sparqlString(value) {
  return '"' + value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\r/g, "\\r") + '"';
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// The canned query's text with each `VALUES ?name { … }` line set to the form's value (as `--param` does).
function applyParams(canned, values) {
  let text = canned.text;
  for (const name of Object.keys(canned.params || {})) {
    const pattern = new RegExp("^(\\s*VALUES\\s+\\?" + escapeRegExp(name) + "\\s*\\{)[^}]*(\\})", "m");
    text = text.replace(pattern, (_match, open, close) => `${open} ${sparqlString(values[name])} ${close}`);
  }
  return text;
}

function paramValues() {
  const values = {};
  for (const input of page.params.querySelectorAll("input")) {
    values[input.name] = input.value;
  }
  return values;
}

// The first parameter whose value is not of its declared kind, as a sentence; null if all are.
function paramProblem(canned) {
  for (const input of page.params.querySelectorAll("input")) {
    const pattern = new RegExp("^(?:" + canned.param_kinds[input.name] + ")$", "s");
    if (!pattern.test(input.value)) {
      input.setAttribute("aria-invalid", "true");
      return `${input.name} = ${JSON.stringify(input.value)} is not ${canned.param_hints[input.name]}.`;
    }
    input.removeAttribute("aria-invalid");
  }
  return null;
}

function showParams(canned, given) {
  page.params.replaceChildren();
  const names = Object.keys((canned && canned.params) || {});
  page.params.hidden = names.length === 0;
  for (const name of names) {
    const label = document.createElement("label");
    label.textContent = name;
    const input = document.createElement("input");
    input.name = name;
    input.id = "param-" + name;
    input.value = given[name] !== undefined ? given[name] : canned.params[name];
    input.title = canned.param_hints[name];
    input.placeholder = canned.params[name];
    input.addEventListener("input", () => {
      const problem = paramProblem(canned);
      if (!problem) {
        setQueryText(applyParams(canned, paramValues()));
      }
      updatePermalink();
    });
    label.appendChild(input);
    page.params.appendChild(label);
  }
}

// The page's state as a URL: the canned query and its parameters while the editor holds what they give,
// else the editor's text.
function permalinkUrl() {
  const params = new URLSearchParams();
  const canned = currentCanned();
  if (canned && !editedByHand) {
    params.set("canned", canned.name);
    for (const [name, value] of Object.entries(paramValues())) {
      if (value !== canned.params[name]) {
        params.set("param." + name, value);
      }
    }
  } else {
    params.set("query", queryText());
  }
  if (ran) {
    params.set("run", "1");
  }
  return window.location.pathname + "?" + params.toString();
}

function updatePermalink() {
  const url = permalinkUrl();
  page.permalink.href = url;
  window.history.replaceState(null, "", url);
}

function isNumericTerm(term) {
  return Boolean(term) && term.type === "literal" && NUMERIC_TYPES.has(term.datatype) && Number.isFinite(Number(term.value));
}

// Thousands separators for numbers of five digits or more (a year, 2025, stays as it is).
function formatNumber(text) {
  const value = Number(text);
  return Math.abs(value) >= 10000 ? numberFormat.format(value) : text;
}

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
    cell.textContent = isNumericTerm(term) ? formatNumber(term.value) : term.value;
    if (term["xml:lang"]) {
      cell.lang = term["xml:lang"];
    } else if (term.datatype) {
      cell.title = isNumericTerm(term) ? `${term.value} (${compact(term.datatype)})` : compact(term.datatype);
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
  page.chart.hidden = true;
  page.chart.replaceChildren();
  page.chartButton.hidden = true;
  lastResult = null;
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
  lastResult = { vars, bindings };
  page.chartButton.hidden = !chartable(vars, bindings);
  return bindings.length;
}

// A result can be charted when it has two columns and every value of the second is a number.
function chartable(vars, bindings) {
  return vars.length === 2 && bindings.length > 0 && bindings.every((binding) => isNumericTerm(binding[vars[1]]));
}

function svgElement(name, attributes) {
  const element = document.createElementNS("http://www.w3.org/2000/svg", name);
  for (const [key, value] of Object.entries(attributes)) {
    element.setAttribute(key, value);
  }
  return element;
}

// A horizontal bar chart of a two-column result: the first column names the bars, the second sizes them.
function drawChart() {
  const { vars, bindings } = lastResult;
  const rows = bindings.slice(0, CHART_ROWS);
  const values = rows.map((binding) => Number(binding[vars[1]].value));
  const largest = Math.max(...values.map(Math.abs), 1);
  const labelWidth = 240, barArea = 420, rowHeight = 22, top = 24;
  const svg = svgElement("svg", {
    width: labelWidth + barArea + 120, height: top + rows.length * rowHeight + 8, role: "img",
    "aria-label": `${vars[1]} by ${vars[0]}`,
  });
  const title = svgElement("text", { x: labelWidth, y: 14, "font-size": 13, fill: "#5b6b7b" });
  title.textContent = `${vars[1]} by ${vars[0]}`;
  svg.appendChild(title);
  rows.forEach((binding, i) => {
    const y = top + i * rowHeight;
    const name = binding[vars[0]] ? (binding[vars[0]].type === "uri" ? compact(binding[vars[0]].value) : plainValue(binding[vars[0]])) : "";
    const label = svgElement("text", { x: labelWidth - 8, y: y + 15, "text-anchor": "end", "font-size": 13, fill: "#1d2733" });
    label.textContent = name.length > 28 ? name.slice(0, 27) + "…" : name;
    const width = Math.max(1, (Math.abs(values[i]) / largest) * barArea);
    const bar = svgElement("rect", { x: labelWidth, y: y + 3, width, height: rowHeight - 6, fill: CHART_COLOUR, class: "bar" });
    const value = svgElement("text", { x: labelWidth + width + 6, y: y + 15, "font-size": 12, fill: "#5b6b7b" });
    value.textContent = formatNumber(binding[vars[1]].value);
    svg.append(label, bar, value);
  });
  page.chart.replaceChildren(svg);
  if (bindings.length > rows.length) {
    const note = document.createElement("p");
    note.className = "note";
    note.textContent = `The first ${rows.length} of ${bindings.length} rows.`;
    page.chart.appendChild(note);
  }
  page.chart.hidden = false;
}

async function runQuery() {
  const canned = currentCanned();
  const problem = canned && !editedByHand ? paramProblem(canned) : null;
  if (problem) {
    clearOutput();
    showError(problem);
    setState("failed");
    return;
  }
  const text = queryText();
  if (!text.trim()) {
    showError("Write a query first.");
    return;
  }
  clearOutput();
  ran = true;
  updatePermalink();
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

function selectCanned(name, given = {}) {
  const canned = catalogue.find((query) => query.name === name);
  page.canned.value = canned ? canned.name : "";
  page.question.textContent = canned ? canned.question : "";
  showParams(canned, given);
  if (canned) {
    setQueryText(paramProblem(canned) ? canned.text : applyParams(canned, paramValues()));
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

function startEditor() {
  if (typeof CodeMirror === "undefined") {
    return;  // the plain textarea still works
  }
  editor = CodeMirror.fromTextArea(page.query, {
    mode: "application/sparql-query",
    lineNumbers: true,
    indentUnit: 2,
    viewportMargin: Infinity,
    extraKeys: { "Ctrl-Enter": () => runQuery(), "Cmd-Enter": () => runQuery() },
  });
  let pending = null;
  editor.on("change", () => {
    editedByHand = editedByHand || !settingText;
    clearTimeout(pending);
    pending = setTimeout(updatePermalink, 300);
  });
}

async function start() {
  setState("loading");
  startEditor();
  page.run.addEventListener("click", runQuery);
  page.chartButton.addEventListener("click", drawChart);
  page.params.addEventListener("submit", (event) => {
    event.preventDefault();
    runQuery();
  });
  page.query.addEventListener("input", () => {
    editedByHand = true;
  });
  page.query.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      runQuery();
    }
  });
  page.canned.addEventListener("change", () => {
    selectCanned(page.canned.value);
    updatePermalink();
  });
  try {
    await loadCatalogue();
  } catch (error) {
    showError(`The canned queries could not be loaded: ${error.message}`);
  }
  const params = new URLSearchParams(window.location.search);
  const given = {};
  for (const [key, value] of params) {
    if (key.startsWith("param.")) {
      given[key.slice("param.".length)] = value;
    }
  }
  if (params.has("canned") && !selectCanned(params.get("canned"), given)) {
    showError(`There is no canned query named ${params.get("canned")}.`);
  }
  if (params.has("query")) {
    setQueryText(params.get("query"));
  }
  page.permalink.href = permalinkUrl();
  setState("ready");
  if (params.get("run") === "1") {
    await runQuery();
  }
}

start();
