"""``biopolicy link --wikidata``: link jurisdictions and plan-named organisations to Wikidata items.

Two sources, one reviewable table each in ``graph/links/`` (columns ``entity, candidate, label,
score, decision``, then ``entity_label, note``), and one named graph ``graph/links`` of accepted
links, each ``<entity> skos:exactMatch <http://www.wikidata.org/entity/Q…>``
(docs/decisions/0007-external-links.md says why ``skos:exactMatch`` and not ``owl:sameAs``):

* ``jurisdictions.csv``: the reviewed table. Its decisions are kept (rows whose QID was verified
  from another stored public source name it in ``note``); every jurisdiction whose GB/T 2260 code
  and Chinese name appear in the verified list ``loaders/gazetteers/wikidata_qids.csv`` (a copy of
  the project's reference) with a QID is added. Online, every jurisdiction still unlinked is
  reconciled against Wikidata by its code (``wdt:P442``, written 2, 4, 6 or 12 digits long: 0.5)
  and its Chinese label (0.5): the one candidate with both is ``accepted``, every other one is
  ``review``. A name alone never links a place (every province has a 市 of a similar name, and
  codes are reassigned).
* ``organisations.csv``: universities, hospitals, institutes, laboratories and companies the plans
  name (``bp:Platform`` labels and ``bp:Agency`` names ending as ``graph/links/wikidata_classes.tsv``
  says), reconciled against a Wikidata SPARQL endpoint with SPARQLWrapper:

  - a candidate is an item whose Chinese label (``zh``, ``zh-cn``, ``zh-hans``) or alias is the
    name exactly: 0.5 for a label, 0.4 for an alias;
  - +0.3 when it is an instance (``wdt:P31/wdt:P279*``) of a class the kind expects;
  - +0.2 when it lies (``wdt:P131`` or headquarters ``wdt:P159``, then ``wdt:P131*``) in a place
    whose China administrative division code (``wdt:P442``) is within, or contains, the
    jurisdiction the plan places the entity in;
  - a candidate scoring 1.0 is ``accepted`` only if it is the entity's only such candidate and the
    verified list does not name the entity with an empty QID; every other candidate is ``review``;
    an entity with no candidate gets one ``unmatched`` row. A name the verified list gives a QID is
    linked to that QID (``accepted``, note ``verified list``) without querying.

  A decision in the committed table is never changed by a later run (edit ``decision`` to
  ``accepted`` or ``rejected`` to review; delete a row to let the next run decide it again).
  ``--offline`` queries nothing and turns the committed tables into links, and says so (it adds the
  verified list's organisations to the table, as an online run does). An endpoint that cannot be
  reached at all (no network) makes an online run an offline one, and it says so; an endpoint
  that answers with an error is an error.

An entity with two accepted candidates is linked to neither (and reported). The links graph's
VoID description (``graph/meta``: a ``void:Linkset`` with ``void:triples``) counts the links.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from biopolicy.graph import store as st
from biopolicy.graph.query import EndpointUnreachable, QueryError, select_json
from biopolicy.loaders import resources

DEFAULT_STORE = Path("graph/build")
DEFAULT_LINKS_DIR = resources.links_dir()
DEFAULT_REFERENCE = resources.gazetteer_dir() / "wikidata_qids.csv"
WIKIDATA_ENDPOINT = "https://query.wikidata.org/sparql"
WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"
LINK_PREDICATE = st.SKOS + "exactMatch"
JURISDICTIONS_TABLE = "jurisdictions.csv"
ORGANISATIONS_TABLE = "organisations.csv"
CLASSES_FILE = "wikidata_classes.tsv"
COLUMNS = ("entity", "candidate", "label", "score", "decision", "entity_label", "note")
DECISIONS = ("accepted", "rejected", "review", "unmatched")
CHINESE_LABEL_LANGUAGES = ("zh", "zh-cn", "zh-hans")
BATCH = 40
USER_AGENT = "biopolicy-kg/0.1 (https://w3id.org/biopolicy; link reconciliation)"
_QID = re.compile(r"Q[1-9][0-9]*")


class LinkError(st.StoreError):
    """A problem the user can fix (unreachable endpoint, malformed table)."""


# ---------------------------------------------------------------------------------------------
# Reference data: the verified QID list and the kinds of organisation


@dataclass(frozen=True)
class Verified:
    name_en: str
    name_zh: str
    qid: str  # empty: no verified identifier, so the entity stays unlinked
    admin_code: str


def read_verified(path: Path) -> list[Verified]:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    verified = []
    for row in rows:
        qid = (row.get("qid") or "").strip()
        if qid and not _QID.fullmatch(qid):
            raise LinkError(f"{path}: {row.get('name_zh')}: {qid!r} is not a Wikidata QID")
        verified.append(Verified(row["name_en"].strip(), row["name_zh"].strip(), qid, (row.get("admin_code") or "").strip()))
    return verified


@dataclass(frozen=True)
class Kind:
    name: str
    suffixes: tuple[str, ...]
    classes: tuple[str, ...]  # QIDs


def read_kinds(path: Path) -> list[Kind]:
    kinds = []
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        if not line.strip() or line.startswith("#"):
            continue
        name, suffixes, classes = line.split("\t")
        qids = tuple(item.split(" ", 1)[0] for item in classes.split("|"))
        if not all(_QID.fullmatch(qid) for qid in qids):
            raise LinkError(f"{path}: {name}: the classes must be QIDs")
        kinds.append(Kind(name, tuple(suffixes.split("|")), qids))
    return kinds


def kind_of(name: str, kinds: list[Kind]) -> Kind | None:
    """The kind whose longest suffix ends the name."""
    best: tuple[int, Kind] | None = None
    for kind in kinds:
        for suffix in kind.suffixes:
            if name.endswith(suffix) and (best is None or len(suffix) > best[0]):
                best = (len(suffix), kind)
    return best[1] if best else None


# ---------------------------------------------------------------------------------------------
# What the store names


@dataclass(frozen=True)
class Entity:
    iri: str
    label: str  # the Chinese name
    admin_code: str  # of the jurisdiction it is placed in; empty if none
    kind: str = ""


def store_jurisdictions(store) -> dict[str, Entity]:
    """Jurisdictions by GB/T 2260 code."""
    query = f"""PREFIX bp: <{st.BP}> PREFIX rdfs: <{st.RDFS}>
        SELECT ?j ?code ?label WHERE {{ ?j a bp:Jurisdiction ; bp:adminCode ?code ; rdfs:label ?label
            FILTER(LANG(?label) = "zh") }} ORDER BY ?code ?j"""
    found: dict[str, Entity] = {}
    for row in store.query(query, use_default_graph_as_union=True):
        found.setdefault(row["code"].value, Entity(row["j"].value, row["label"].value, row["code"].value))
    return found


def store_organisations(store, kinds: list[Kind]) -> list[Entity]:
    """Platforms and agencies whose names say they are universities, hospitals, institutes, companies."""
    query = f"""PREFIX bp: <{st.BP}> PREFIX rdfs: <{st.RDFS}> PREFIX skos: <{st.SKOS}>
        SELECT DISTINCT ?e ?label ?code WHERE {{
            {{ ?e a bp:Platform ; rdfs:label ?label OPTIONAL {{ ?e bp:locatedIn/bp:adminCode ?code }} }}
            UNION
            {{ ?e a bp:Agency ; skos:prefLabel ?label OPTIONAL {{ ?e bp:jurisdiction/bp:adminCode ?code }} }}
            FILTER(LANG(?label) = "zh" || LANG(?label) = "")
        }} ORDER BY ?e ?code"""
    entities: dict[str, Entity] = {}
    for row in store.query(query, use_default_graph_as_union=True):
        kind = kind_of(row["label"].value, kinds)
        if kind is None or row["e"].value in entities:
            continue
        code = row["code"].value if row["code"] is not None else ""
        entities[row["e"].value] = Entity(row["e"].value, row["label"].value, code, kind.name)
    return sorted(entities.values(), key=lambda entity: entity.iri)


# ---------------------------------------------------------------------------------------------
# The link table


@dataclass
class Row:
    entity: str
    candidate: str = ""  # a QID
    label: str = ""  # the candidate's label that matched
    score: str = ""
    decision: str = "review"
    entity_label: str = ""
    note: str = ""

    def as_list(self) -> list[str]:
        return [self.entity, self.candidate, self.label, self.score, self.decision, self.entity_label, self.note]


def read_table(path: Path) -> list[Row]:
    if not path.is_file():
        return []
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            return []
        if tuple(header[:5]) != COLUMNS[:5]:
            raise LinkError(f"{path}: the header must start with {', '.join(COLUMNS[:5])}")
        rows = []
        for number, values in enumerate(reader, 2):
            if not any(value.strip() for value in values):
                continue
            row = Row(*(values + [""] * len(COLUMNS))[: len(COLUMNS)])
            row.decision = row.decision.strip().lower()
            if row.decision not in DECISIONS:
                raise LinkError(f"{path}:{number}: decision {row.decision!r} is not one of {', '.join(DECISIONS)}")
            if row.candidate and not _QID.fullmatch(row.candidate.strip()):
                raise LinkError(f"{path}:{number}: candidate {row.candidate!r} is not a Wikidata QID (Q…)")
            row.candidate = row.candidate.strip()
            rows.append(row)
    return rows


def write_table(path: Path, rows: list[Row]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(row.as_list() for row in sorted(rows, key=lambda row: (row.entity, row.candidate)))
    path.write_text(buffer.getvalue(), encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# Jurisdictions: from the verified list only


def jurisdiction_rows(jurisdictions: dict[str, Entity], verified: list[Verified], previous: list[Row]) -> list[Row]:
    """The reviewed table's decisions kept, then the verified list's jurisdictions (by GB/T 2260 code and name).

    A row of the committed table that some other source decided (a QID seen in a stored public source,
    a reviewer's acceptance of an online candidate) stays as it is; the verified list's rows are
    written afresh, and an ``unmatched`` row is kept only for an entity nothing else decides.
    """
    kept = [row for row in previous if row.decision != "unmatched"]
    decided = {(row.entity, row.candidate) for row in kept}
    rows = list(kept)
    for item in verified:
        entity = jurisdictions.get(item.admin_code) if item.admin_code else None
        if entity is None:
            continue
        if entity.label != item.name_zh:
            rows.append(Row(entity.iri, "", "", "", "unmatched", entity.label,
                            f"the verified list names code {item.admin_code} {item.name_zh}, the store {entity.label}"))
        elif item.qid:
            if (entity.iri, item.qid) not in decided:
                rows.append(Row(entity.iri, item.qid, item.name_zh, "1.0", "accepted", entity.label,
                                f"verified list ({item.name_en}, GB/T 2260 {item.admin_code})"))
        elif not any(row.entity == entity.iri for row in kept):
            rows.append(Row(entity.iri, "", "", "", "unmatched", entity.label,
                            "the verified list has no identifier for it: unlinked until one is verified"))
    return rows


def code_forms(code: str) -> list[str]:
    """The ways Wikidata writes a GB/T 2260 code in P442: 2, 4 or 6 digits, or 12 (350000 → 35, 350000, 350000000000)."""
    forms = [code, code + "000000"]
    if code.endswith("0000"):
        forms.insert(0, code[:2])
    elif code.endswith("00"):
        forms.insert(0, code[:4])
    return forms


def jurisdiction_query(entities: list[Entity]) -> str:
    """Items whose P442 is one of the entities' codes, and items with a P442 labelled as one of them."""
    codes = " ".join(f'"{form}"' for entity in entities for form in code_forms(entity.admin_code))
    names = " ".join(
        f'"{_escape(entity.label)}"@{language}' for entity in entities for language in CHINESE_LABEL_LANGUAGES
    )
    languages = ", ".join(f'"{language}"' for language in CHINESE_LABEL_LANGUAGES)
    return f"""PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX rdfs: <{st.RDFS}>
SELECT DISTINCT ?item ?code ?label WHERE {{
  {{ VALUES ?code {{ {codes} }} ?item wdt:P442 ?code .
     OPTIONAL {{ ?item rdfs:label ?label FILTER(LANG(?label) IN ({languages})) }} }}
  UNION
  {{ VALUES ?label {{ {names} }} ?item rdfs:label ?label ; wdt:P442 ?code . }}
}}"""


@dataclass
class PlaceCandidate:
    qid: str
    codes: set[str] = field(default_factory=set)
    labels: set[str] = field(default_factory=set)


def query_place_candidates(endpoint: str, entities: list[Entity]) -> dict[str, PlaceCandidate]:
    data = select_json(endpoint, jurisdiction_query(entities), timeout=90, agent=USER_AGENT)
    found: dict[str, PlaceCandidate] = {}
    for binding in data["results"]["bindings"]:
        item = binding["item"]["value"]
        qid = item[len(WIKIDATA_ENTITY) :] if item.startswith(WIKIDATA_ENTITY) else ""
        if not _QID.fullmatch(qid):
            continue
        candidate = found.setdefault(qid, PlaceCandidate(qid))
        if code := division_code(binding["code"]["value"]):
            candidate.codes.add(code)
        if "label" in binding:
            candidate.labels.add(binding["label"]["value"])
    return found


def score_place(entity: Entity, candidate: PlaceCandidate) -> tuple[float, list[str]]:
    """0.5 for the GB/T 2260 code (P442), 0.5 for the Chinese label: both make a full match."""
    value, notes = 0.0, []
    if entity.admin_code in candidate.codes:
        value += 0.5
        notes.append(f"P442 {entity.admin_code}")
    else:
        notes.append(f"P442 {', '.join(sorted(candidate.codes)) or 'none'}, not {entity.admin_code}")
    if entity.label in candidate.labels:
        value += 0.5
        notes.append(f"label {entity.label}")
    else:
        notes.append(f"labelled {', '.join(sorted(candidate.labels)) or 'nothing in Chinese'}, not {entity.label}")
    return value, notes


def reconcile_jurisdictions(
    jurisdictions: dict[str, Entity],
    rows: list[Row],
    endpoint: str,
    progress: Callable[[str], None] | None = None,
) -> list[Row]:
    """``rows`` plus candidates for every jurisdiction no row links, by P442 code and Chinese label.

    A candidate with both is ``accepted`` when it is the jurisdiction's only such candidate; every
    other candidate is ``review``. A decided (entity, candidate) pair is never written again.
    """
    linked = {row.entity for row in rows if row.decision == "accepted" and row.candidate}
    decided = {(row.entity, row.candidate) for row in rows if row.decision != "unmatched"}
    pending = [entity for _, entity in sorted(jurisdictions.items()) if entity.iri not in linked]
    out = list(rows)
    loopback = urlsplit(endpoint).hostname in ("127.0.0.1", "localhost", "::1")
    for start in range(0, len(pending), BATCH):
        if start and not loopback:
            time.sleep(1.0)
        batch = pending[start : start + BATCH]
        candidates = query_place_candidates(endpoint, batch)
        for entity in batch:
            scored = [
                (candidate, *score_place(entity, candidate))
                for candidate in candidates.values()
                if entity.admin_code in candidate.codes or entity.label in candidate.labels
            ]
            if not scored:
                continue
            out = [row for row in out if not (row.entity == entity.iri and row.decision == "unmatched")]
            perfect = [candidate for candidate, value, _ in scored if value >= 1.0]
            for candidate, value, notes in sorted(scored, key=lambda entry: (-entry[1], entry[0].qid)):
                if (entity.iri, candidate.qid) in decided:
                    continue
                decision = "accepted" if value >= 1.0 and len(perfect) == 1 else "review"
                notes.insert(0, "auto" if decision == "accepted" else
                             (f"{len(perfect)} equally good candidates" if value >= 1.0 else "partial match"))
                out.append(Row(entity.iri, candidate.qid, entity.label if entity.label in candidate.labels else "",
                               f"{value:.1f}", decision, entity.label, "; ".join(notes)))
        if progress is not None:
            progress(f"queried {min(start + BATCH, len(pending))}/{len(pending)} jurisdictions at {endpoint}")
    return out


# ---------------------------------------------------------------------------------------------
# Organisations: reconciliation against a Wikidata SPARQL endpoint


@dataclass
class Candidate:
    qid: str
    label: str
    alias_only: bool = True
    classes: set[str] = field(default_factory=set)
    codes: set[str] = field(default_factory=set)


def reconciliation_query(names: list[str], classes: list[str]) -> str:
    values = " ".join(
        f'"{_escape(name)}"@{language}' for name in names for language in CHINESE_LABEL_LANGUAGES
    )
    class_values = " ".join(f"wd:{qid}" for qid in sorted(set(classes)))
    return f"""PREFIX wd: <{WIKIDATA_ENTITY}>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX rdfs: <{st.RDFS}>
PREFIX skos: <{st.SKOS}>
SELECT DISTINCT ?name ?item ?match ?class ?code WHERE {{
  VALUES ?name {{ {values} }}
  {{ ?item rdfs:label ?name . BIND("label" AS ?match) }} UNION {{ ?item skos:altLabel ?name . BIND("alias" AS ?match) }}
  OPTIONAL {{ VALUES ?class {{ {class_values} }} ?item wdt:P31/wdt:P279* ?class . }}
  OPTIONAL {{ ?item (wdt:P131|wdt:P159)/wdt:P131* ?place . ?place wdt:P442 ?code . }}
}}"""


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("\r", " ")


def division_code(value: str) -> str:
    """A China administrative division code as six digits (Wikidata writes 2, 4, 6, 9 or 12)."""
    digits = re.sub(r"\D", "", value)
    if len(digits) in (2, 4):
        return digits.ljust(6, "0")
    return digits[:6] if len(digits) >= 6 else ""


def within(code: str, area: str) -> bool:
    """Whether division ``code`` lies in division ``area`` (or is it)."""
    if not code or not area:
        return False
    if area.endswith("0000"):
        return code[:2] == area[:2]
    if area.endswith("00"):
        return code[:4] == area[:4]
    return code == area


def query_candidates(endpoint: str, names: list[str], classes: list[str]) -> dict[str, dict[str, Candidate]]:
    """Candidates per name, per QID."""
    data = select_json(endpoint, reconciliation_query(names, classes), timeout=90, agent=USER_AGENT)
    found: dict[str, dict[str, Candidate]] = {}
    for binding in data["results"]["bindings"]:
        item = binding["item"]["value"]
        if not item.startswith(WIKIDATA_ENTITY) or not _QID.fullmatch(item[len(WIKIDATA_ENTITY) :]):
            continue
        qid = item[len(WIKIDATA_ENTITY) :]
        name = binding["name"]["value"]
        candidate = found.setdefault(name, {}).setdefault(qid, Candidate(qid, name))
        if binding["match"]["value"] == "label":
            candidate.alias_only = False
        if "class" in binding:
            candidate.classes.add(binding["class"]["value"][len(WIKIDATA_ENTITY) :])
        if "code" in binding and (code := division_code(binding["code"]["value"])):
            candidate.codes.add(code)
    return found


def score(entity: Entity, candidate: Candidate, kind: Kind) -> tuple[float, list[str]]:
    notes = ["alias" if candidate.alias_only else "label"]
    value = 0.4 if candidate.alias_only else 0.5
    if candidate.classes & set(kind.classes):
        value += 0.3
        notes.append("type " + "/".join(sorted(candidate.classes & set(kind.classes))))
    else:
        notes.append(f"not a {kind.name}")
    if any(within(code, entity.admin_code) or within(entity.admin_code, code) for code in candidate.codes):
        value += 0.2
        notes.append(f"in {entity.admin_code}")
    elif candidate.codes:
        notes.append(f"located in {', '.join(sorted(candidate.codes))}, not {entity.admin_code or 'a known place'}")
    else:
        notes.append("location unknown")
    return round(value, 2), notes


def verified_rows(entities: list[Entity], verified: list[Verified], kept: set[tuple[str, str]]) -> list[Row]:
    """Accepted rows for the organisations whose exact name the verified list gives a QID."""
    qids = {item.name_zh: item for item in verified if item.qid and not item.admin_code}
    return [
        Row(entity.iri, item.qid, item.name_zh, "1.0", "accepted", entity.label, f"verified list ({item.name_en})")
        for entity in entities
        if (item := qids.get(entity.label)) is not None and (entity.iri, item.qid) not in kept
    ]


def reconcile(
    entities: list[Entity],
    kinds: list[Kind],
    verified: list[Verified],
    endpoint: str,
    previous: list[Row],
    progress: Callable[[str], None] | None = None,
) -> list[Row]:
    """The organisations table: previous decisions kept, new candidates scored and decided."""
    by_kind = {kind.name: kind for kind in kinds}
    verified_names = {item.name_zh: item for item in verified if not item.admin_code}
    kept = {(row.entity, row.candidate): row for row in previous if row.decision != "unmatched"}
    rows: list[Row] = [row for row in previous if row.decision != "unmatched"]
    rows += verified_rows(entities, verified, set(kept))
    found: dict[str, dict[str, Candidate]] = {}
    names = sorted({entity.label for entity in entities if not getattr(verified_names.get(entity.label), "qid", "")})
    loopback = urlsplit(endpoint).hostname in ("127.0.0.1", "localhost", "::1")
    for start in range(0, len(names), BATCH):
        if start and not loopback:
            time.sleep(1.0)  # one request at a time, with a pause: Wikidata's query service is shared
        batch = names[start : start + BATCH]
        found.update(query_candidates(endpoint, batch, [qid for kind in kinds for qid in kind.classes]))
        if progress is not None:
            progress(f"queried {min(start + BATCH, len(names))}/{len(names)} names at {endpoint}")
    for entity in entities:
        item = verified_names.get(entity.label)
        if item is not None and item.qid:
            continue
        candidates = found.get(entity.label, {})
        if not candidates:
            if not any(row.entity == entity.iri for row in rows):
                rows.append(Row(entity.iri, "", "", "", "unmatched", entity.label, f"no Wikidata item labelled so ({entity.kind})"))
            continue
        scored = [(candidate, *score(entity, candidate, by_kind[entity.kind])) for candidate in candidates.values()]
        perfect = [candidate for candidate, value, _notes in scored if value >= 1.0]
        for candidate, value, notes in sorted(scored, key=lambda entry: (-entry[1], entry[0].qid)):
            if (entity.iri, candidate.qid) in kept:
                continue
            decision = "review"
            if value >= 1.0 and len(perfect) == 1 and item is None:
                decision = "accepted"
                notes.insert(0, "auto")
            elif item is not None:
                notes.insert(0, "the verified list has no identifier for it: unlinked until one is verified")
            elif value >= 1.0:
                notes.insert(0, f"{len(perfect)} equally good candidates")
            rows.append(Row(entity.iri, candidate.qid, candidate.label, f"{value:.1f}", decision, entity.label,
                            "; ".join(notes)))
    return rows


# ---------------------------------------------------------------------------------------------
# Links graph


@dataclass
class LinkReport:
    jurisdictions: int
    organisations: int
    review: int
    conflicts: list[str]
    absent: int  # accepted rows whose entity the store no longer has
    links_ntriples: bytes
    fell_back: str = ""  # why the endpoint could not be reached, when the run linked from the tables instead


def accepted_links(rows: list[Row], present: set[str]) -> tuple[dict[str, str], list[str], int]:
    """``{entity: qid}`` of accepted rows; entities with two accepted candidates are left out."""
    accepted: dict[str, set[str]] = {}
    absent = 0
    for row in rows:
        if row.decision == "accepted" and row.candidate:
            if row.entity not in present:
                absent += 1
                continue
            accepted.setdefault(row.entity, set()).add(row.candidate)
    conflicts = sorted(entity for entity, qids in accepted.items() if len(qids) > 1)
    return {entity: next(iter(qids)) for entity, qids in accepted.items() if len(qids) == 1}, conflicts, absent


def links_ntriples(links: dict[str, str]) -> bytes:
    return "".join(
        f"<{entity}> <{LINK_PREDICATE}> <{WIKIDATA_ENTITY}{qid}> .\n" for entity, qid in sorted(links.items())
    ).encode()


def link_wikidata(
    store_dir: Path,
    *,
    endpoint: str = WIKIDATA_ENDPOINT,
    offline: bool = False,
    links_dir: Path = DEFAULT_LINKS_DIR,
    reference: Path = DEFAULT_REFERENCE,
    progress: Callable[[str], None] | None = None,
) -> LinkReport:
    """Write the link tables and the links graph; an unreachable endpoint makes the run an offline one.

    Every query is made before any table is written, so a run that falls back (``LinkReport.fell_back``)
    writes exactly what ``--offline`` would.
    """
    store = st.open_store(Path(store_dir))
    links_dir = Path(links_dir)
    verified = read_verified(reference)
    classes_file = links_dir / CLASSES_FILE
    kinds = read_kinds(classes_file if classes_file.is_file() else DEFAULT_LINKS_DIR / CLASSES_FILE)
    jurisdictions = store_jurisdictions(store)
    organisations = store_organisations(store, kinds)
    del store
    jurisdiction_table = jurisdiction_rows(jurisdictions, verified, read_table(links_dir / JURISDICTIONS_TABLE))
    previous = read_table(links_dir / ORGANISATIONS_TABLE)
    fell_back = ""
    if not offline:
        try:
            online_jurisdictions = reconcile_jurisdictions(jurisdictions, jurisdiction_table, endpoint, progress)
            organisation_table = reconcile(organisations, kinds, verified, endpoint, previous, progress)
            jurisdiction_table = online_jurisdictions
        except EndpointUnreachable as error:
            fell_back = str(error)
            offline = True
        except QueryError as error:
            raise LinkError(f"{error}; use --offline to link from the committed tables") from error
    write_table(links_dir / JURISDICTIONS_TABLE, jurisdiction_table)
    if offline:
        added = verified_rows(organisations, verified, {(row.entity, row.candidate) for row in previous})
        organisation_table = previous + added
        if added:
            write_table(links_dir / ORGANISATIONS_TABLE, organisation_table)
    else:
        write_table(links_dir / ORGANISATIONS_TABLE, organisation_table)
    present = {entity.iri for entity in jurisdictions.values()} | {entity.iri for entity in organisations}
    juris_links, juris_conflicts, _ = accepted_links(jurisdiction_table, present)
    org_links, org_conflicts, absent = accepted_links(organisation_table, present)
    links = {**juris_links, **org_links}
    data = links_ntriples(links)
    st.replace_plan(Path(store_dir), st.PlanData(st.LINKS_GRAPH, data))
    review = sum(1 for row in organisation_table + jurisdiction_table if row.decision == "review")
    return LinkReport(len(juris_links), len(org_links), review, juris_conflicts + org_conflicts, absent, data,
                      fell_back)


# ---------------------------------------------------------------------------------------------
# Command line


def cmd_link(args) -> int:
    if not args.wikidata:
        raise LinkError("say what to link against: --wikidata (the only target so far)")
    say = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
    table = Path(args.links_dir) / ORGANISATIONS_TABLE
    if args.offline:
        say(offline_message(Path(args.links_dir), args.reference))
    report = link_wikidata(
        args.store,
        endpoint=args.endpoint,
        offline=args.offline,
        links_dir=args.links_dir,
        reference=args.reference,
        progress=say,
    )
    if report.fell_back:
        say(f"warning: {report.fell_back}")
        say(offline_message(Path(args.links_dir), args.reference))
    for entity in report.conflicts:
        say(f"warning: {entity} has more than one accepted candidate: linked to none; reject all but one in {table}")
    if report.absent:
        say(f"note: {report.absent} accepted rows name entities the store no longer has (kept in the table)")
    say(
        f"linked {report.jurisdictions} jurisdictions and {report.organisations} organisations to Wikidata "
        f"(skos:exactMatch) in graph/links of {args.store}; {report.review} candidates await review in "
        f"{Path(args.links_dir) / JURISDICTIONS_TABLE} and {table}"
    )
    return 0


def offline_message(links_dir: Path, reference: Path) -> str:
    """What an offline run links from (said on stderr, so that no one takes it for an online run)."""
    tables = [links_dir / name for name in (JURISDICTIONS_TABLE, ORGANISATIONS_TABLE) if (links_dir / name).is_file()]
    if tables:
        return (f"offline: Wikidata was not queried; linking from the committed table "
                f"{' and '.join(str(path) for path in tables)} and the verified list {reference}")
    return (f"offline: Wikidata was not queried and there is no committed table in {links_dir}: "
            f"only what the verified list {reference} names is linked")


def register(subparsers) -> argparse.ArgumentParser:
    """Add ``biopolicy link`` to the command line's subparsers."""
    summary = "Link jurisdictions and plan-named organisations to Wikidata (a reviewable table, then graph/links)."
    examples = f"""biopolicy link --wikidata                       # query {WIKIDATA_ENDPOINT}
biopolicy link --wikidata --offline             # no network: link from graph/links/*.csv as committed
biopolicy link --wikidata --endpoint http://localhost:7878/query"""
    parser = subparsers.add_parser(
        "link",
        help=summary,
        description=summary + " Jurisdictions come from the verified QID list and the reviewed table "
        "graph/links/jurisdictions.csv, and online by GB/T 2260 code (P442) and Chinese label; organisations are "
        "reconciled by Chinese label, type and location. Only unique full matches are accepted automatically; "
        "an unreachable endpoint makes the run link from the committed tables, and it says so.",
        epilog="examples:\n" + "\n".join(f"  {line}" for line in examples.splitlines()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--wikidata", action="store_true", help="link to Wikidata items")
    parser.add_argument("--endpoint", default=WIKIDATA_ENDPOINT, metavar="URL",
                        help=f"the Wikidata SPARQL endpoint (default {WIKIDATA_ENDPOINT})")
    parser.add_argument("--offline", action="store_true",
                        help="query nothing: turn the committed link table into links")
    parser.add_argument("--store", type=Path, default=DEFAULT_STORE, metavar="DIR",
                        help=f"store directory (default {DEFAULT_STORE})")
    parser.add_argument("--links-dir", type=Path, default=DEFAULT_LINKS_DIR, metavar="DIR",
                        help="where the link tables are (default graph/links)")
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE, metavar="CSV",
                        help="the verified QID list (default loaders/gazetteers/wikidata_qids.csv)")
    parser.set_defaults(handler=cmd_link)
    return parser
