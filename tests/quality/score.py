"""Score extracted facts against the hand-made gold standard in ``tests/gold``.

The gold standard (``tests/gold/<document-id>/<family>.csv``, conventions in ``tests/gold/CONVENTIONS.md``)
was annotated by reading the seed documents, independently of the extraction code.

Public API
----------
``score(family, predicted, gold) -> Score``
    Precision/recall of one family on one document. ``predicted`` and ``gold`` are lists of dicts whose
    keys are the gold CSV columns (extra keys are ignored; missing keys read as empty).
``load_gold(document_id, family) -> list[dict]``
``score_all(predicted_by_doc_family) -> dict``
    ``predicted_by_doc_family[document_id][family] -> list[dict]``; every gold document and family is
    scored (a missing document or family counts as "nothing predicted"), and the counts are
    micro-averaged over the documents.
``format_report(result) -> str``
    A readable family x P/R/F1 table of a ``score_all`` result.

Match keys (each gold row can be matched by at most one predicted row and vice versa: multiset
matching, solved as a maximum bipartite matching so that the result does not depend on row order)
------------------------------------------------------------------------------------------------
plans
    Field by field. Every non-empty gold field (title, jurisdiction, level, issuer, docNumber, issued,
    periodStart, periodEnd) is one fact; every non-empty predicted field is one prediction. A field is
    a true positive when the normalised values are equal (title: NFKC, no whitespace, no 《》; issued:
    ISO date; periods: the year as an integer). A predicted value for a field the gold leaves empty is
    a false positive (the document does not state it).
tasks
    Normalised title: NFKC, whitespace removed, a leading numbering label ((一), 1、, 1., ——) and
    trailing punctuation (。：:；;，,) stripped. Matching is done in two passes: first on
    (title, parent title), then the remaining rows on the title alone, so the parent context only
    decides *which* of several equal titles a prediction takes. The parent of a row is its
    ``parentTitle`` value if given, otherwise the title of the row whose path is the longest proper
    prefix of its path (paths split on "." or "/") in the same list; empty for top-level units.
responsibilities
    (normalised taskTitle, agency as written, role). Plan-level clauses have an empty taskTitle.
targets
    (value, unit, comparator, year) and quote overlap: the normalised predicted quote contains the
    gold quote or vice versa. Values compare as Decimals (1200 == 1200.0). Comparators accept the
    ASCII spellings >=, <=, ~ for ≥, ≤, approx. valueMax, indicator and taskTitle are not in the key
    (valueMax and taskTitle agreement is reported as an attribute accuracy).
agencies
    (agency as written, canonical, type). ``attribute_accuracy`` additionally reports, over the gold
    agencies whose as-written form was predicted, how often the canonical name and the type agree
    (the canonicalisation accuracy, independent of recall).
parks / platforms
    Normalised name (NFKC, no whitespace, no quotation marks “”‘’"'「」). A gold cell may list aliases
    of one entity separated by "|" (the same entity written two ways in the document); a predicted
    row equal to any alias matches it, and a further predicted row that spells *another* alias of an
    already matched entity is ignored (neither TP nor FP). An exact duplicate is a false positive.
incentives
    (maxAmount as Decimal, unit) and quote overlap, as for targets.

Precision is 1.0 when nothing was predicted, recall is 1.0 when the gold is empty (F1 is then
computed from those values; an empty prediction against a non-empty gold has F1 0).
"""

from __future__ import annotations

import csv
import datetime as _dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from biopolicy.loaders.families import scored_families

GOLD_DIR = Path(__file__).resolve().parents[1] / "gold"
DOCUMENTS_DIR = Path(__file__).resolve().parents[2] / "documents"

# The families the gold standards annotate, from the one registry (loaders/families.py).
FAMILIES: tuple[str, ...] = scored_families()

HEADERS: dict[str, list[str]] = {
    "plans": ["title", "jurisdiction", "level", "issuer", "docNumber", "issued", "periodStart", "periodEnd"],
    "tasks": ["path", "title"],
    "responsibilities": ["taskTitle", "agency", "canonical", "role"],
    "targets": ["taskTitle", "indicator", "value", "valueMax", "unit", "comparator", "year", "quote"],
    "agencies": ["agency", "canonical", "type"],
    "parks": ["park"],
    "platforms": ["platform"],
    "incentives": ["taskTitle", "maxAmount", "unit", "recipient", "quote"],
}

PLAN_FIELDS: tuple[str, ...] = tuple(HEADERS["plans"])


@dataclass
class Score:
    tp: int
    fp: int
    fn: int
    precision: float
    recall: float
    unmatched_predicted: list[dict] = field(default_factory=list)
    unmatched_gold: list[dict] = field(default_factory=list)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    @property
    def gold(self) -> int:
        return self.tp + self.fn

    @property
    def predicted(self) -> int:
        return self.tp + self.fp

    @classmethod
    def from_counts(cls, tp: int, fp: int, fn: int, unmatched_predicted=None, unmatched_gold=None) -> Score:
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        return cls(tp, fp, fn, precision, recall, list(unmatched_predicted or []), list(unmatched_gold or []))


# --------------------------------------------------------------------------- normalisation

_WS = re.compile(r"\s+")
_QUOTES = str.maketrans("", "", "“”‘’\"'「」『』")
_LEADING_LABEL = re.compile(
    r"^(?:——|—|-)?\s*(?:[(（][一二三四五六七八九十百零〇]+[)）]|[一二三四五六七八九十百]+、|\d+\s*[、.．)）])\s*"
)
_LEADING_DASH = re.compile(r"^(?:——|—)+")
_TRAILING = "。:：;；,，.、"


def _s(value) -> str:
    """A cell as a string ('' for None)."""
    if value is None:
        return ""
    return str(value)


def norm_text(value) -> str:
    """NFKC, all whitespace (including NBSP and ideographic space) removed."""
    return _WS.sub("", unicodedata.normalize("NFKC", _s(value)))


def norm_title(value) -> str:
    """A task title without numbering label and trailing punctuation."""
    t = norm_text(value)
    t = _LEADING_LABEL.sub("", t)
    t = _LEADING_DASH.sub("", t)
    return t.rstrip(_TRAILING)


def norm_name(value) -> str:
    """A park or platform name: NFKC, no whitespace, no quotation marks."""
    return norm_text(value).translate(_QUOTES)


def norm_decimal(value) -> Decimal | None:
    s = norm_text(value).replace(",", "")
    if s == "":
        return None
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


_COMPARATORS = {
    "=": "=", "==": "=", "eq": "=",
    ">": ">", "gt": ">",
    ">=": "≥", "≥": "≥", "ge": "≥",
    "<": "<", "lt": "<",
    "<=": "≤", "≤": "≤", "le": "≤",
    "approx": "approx", "≈": "approx", "~": "approx", "约": "approx",
}


def norm_comparator(value) -> str:
    s = norm_text(value).lower()
    return _COMPARATORS.get(s, s)


def norm_year(value) -> str:
    s = norm_text(value)
    if s == "":
        return ""
    m = re.match(r"^(\d{4})", s)
    return m.group(1) if m else s


def norm_date(value) -> str:
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    s = norm_text(value)
    m = re.match(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$", s)
    if m:
        return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    return s


def _norm_plan_field(name: str, value) -> str:
    if name == "title":
        return norm_text(value).strip("《》")
    if name == "issued":
        return norm_date(value)
    if name in ("periodStart", "periodEnd"):
        return norm_year(value)
    if name == "level":
        return norm_text(value).lower()
    if name == "issuer":  # co-issuers are joined with "|", in any order
        return "|".join(sorted(part for part in norm_text(value).split("|") if part))
    return norm_text(value)


def quotes_overlap(a, b) -> bool:
    """True when one normalised quote contains the other (empty quotes never overlap)."""
    x, y = norm_text(a), norm_text(b)
    if not x or not y:
        return False
    return x in y or y in x


# --------------------------------------------------------------------------- matching


def _max_matching(n_gold: int, n_pred: int, compatible: Callable[[int, int], bool],
                  gold_free: Iterable[int] | None = None, pred_free: set[int] | None = None) -> dict[int, int]:
    """Maximum bipartite matching (Kuhn's algorithm); returns {gold index: predicted index}."""
    golds = list(range(n_gold)) if gold_free is None else list(gold_free)
    preds = set(range(n_pred)) if pred_free is None else set(pred_free)
    adj = {g: [p for p in range(n_pred) if p in preds and compatible(g, p)] for g in golds}
    owner: dict[int, int] = {}  # predicted -> gold

    def augment(g: int, seen: set[int]) -> bool:
        for p in adj[g]:
            if p in seen:
                continue
            seen.add(p)
            if p not in owner or augment(owner[p], seen):
                owner[p] = g
                return True
        return False

    for g in golds:
        augment(g, set())
    return {g: p for p, g in owner.items()}


def _parents(rows: list[Mapping]) -> list[str]:
    """Parent title of each task row: parentTitle if given, else derived from the paths."""
    paths = [tuple(s for s in re.split(r"[./]", norm_text(r.get("path"))) if s) for r in rows]
    by_path: dict[tuple, str] = {}
    for p, r in zip(paths, rows, strict=True):
        if p and p not in by_path:
            by_path[p] = norm_title(r.get("title"))
    out = []
    for p, r in zip(paths, rows, strict=True):
        if "parentTitle" in r and r.get("parentTitle") is not None:
            out.append(norm_title(r.get("parentTitle")))
            continue
        parent = ""
        for k in range(len(p) - 1, 0, -1):
            if p[:k] in by_path:
                parent = by_path[p[:k]]
                break
        out.append(parent)
    return out


def _key_fn(family: str) -> Callable[[Mapping], tuple]:
    if family == "responsibilities":
        return lambda r: (norm_title(r.get("taskTitle")), norm_text(r.get("agency")), norm_text(r.get("role")).lower())
    if family == "agencies":
        return lambda r: (norm_text(r.get("agency")), norm_text(r.get("canonical")), norm_text(r.get("type")).lower())
    if family == "targets":
        return lambda r: (norm_decimal(r.get("value")), norm_text(r.get("unit")),
                          norm_comparator(r.get("comparator")), norm_year(r.get("year")))
    if family == "incentives":
        return lambda r: (norm_decimal(r.get("maxAmount")), norm_text(r.get("unit")))
    raise ValueError(family)


def _name_of(family: str, row: Mapping) -> str:
    col = family[:-1]  # park / platform
    for k in (col, "name", "label"):
        if row.get(k):
            return _s(row.get(k))
    return ""


def match(family: str, predicted: list[Mapping], gold: list[Mapping]):
    """Match predicted rows to gold rows of one family (not plans).

    Returns (pairs, unmatched_predicted_indices, unmatched_gold_indices, ignored_predicted_indices)
    where pairs is a list of (gold index, predicted index).
    """
    if family == "plans":
        raise ValueError("plans are scored field by field; use score()")
    if family not in FAMILIES:
        raise ValueError(f"unknown family {family!r}")
    ignored: set[int] = set()
    if family == "tasks":
        gt = [norm_title(r.get("title")) for r in gold]
        pt = [norm_title(r.get("title")) for r in predicted]
        gpar, ppar = _parents(gold), _parents(predicted)
        m = _max_matching(len(gold), len(predicted), lambda g, p: gt[g] == pt[p] and gpar[g] == ppar[p])
        free_g = [g for g in range(len(gold)) if g not in m]
        free_p = set(range(len(predicted))) - set(m.values())
        m2 = _max_matching(len(gold), len(predicted), lambda g, p: gt[g] == pt[p], free_g, free_p)
        m.update(m2)
    elif family in ("parks", "platforms"):
        galiases = [{norm_name(a) for a in _name_of(family, r).split("|") if norm_name(a)} for r in gold]
        pn = [norm_name(_name_of(family, r)) for r in predicted]
        m = _max_matching(len(gold), len(predicted), lambda g, p: pn[p] != "" and pn[p] in galiases[g])
        used_spelling = {g: {pn[p]} for g, p in m.items()}
        for p in range(len(predicted)):
            if p in m.values():
                continue
            for g, spellings in used_spelling.items():
                if pn[p] in galiases[g] and pn[p] not in spellings:
                    spellings.add(pn[p])
                    ignored.add(p)
                    break
    else:
        key = _key_fn(family)
        gk, pk = [key(r) for r in gold], [key(r) for r in predicted]
        if family in ("targets", "incentives"):
            def compatible(g: int, p: int) -> bool:
                return gk[g] == pk[p] and quotes_overlap(gold[g].get("quote"), predicted[p].get("quote"))
        else:
            def compatible(g: int, p: int) -> bool:
                return gk[g] == pk[p]
        m = _max_matching(len(gold), len(predicted), compatible)
    pairs = sorted(m.items())
    matched_p = set(m.values())
    unmatched_p = [p for p in range(len(predicted)) if p not in matched_p and p not in ignored]
    unmatched_g = [g for g in range(len(gold)) if g not in m]
    return pairs, unmatched_p, unmatched_g, sorted(ignored)


def _score_plans(predicted: list[Mapping], gold: list[Mapping]) -> Score:
    gold_facts = [(f, _norm_plan_field(f, r.get(f)), r.get(f)) for r in gold for f in PLAN_FIELDS
                  if _norm_plan_field(f, r.get(f))]
    pred_facts = [(f, _norm_plan_field(f, r.get(f)), r.get(f)) for r in predicted for f in PLAN_FIELDS
                  if _norm_plan_field(f, r.get(f))]
    m = _max_matching(len(gold_facts), len(pred_facts),
                      lambda g, p: gold_facts[g][:2] == pred_facts[p][:2])
    matched_p = set(m.values())
    um_p = [{"field": f, "value": v} for i, (f, _, v) in enumerate(pred_facts) if i not in matched_p]
    um_g = [{"field": f, "value": v} for i, (f, _, v) in enumerate(gold_facts) if i not in m]
    tp = len(m)
    return Score.from_counts(tp, len(pred_facts) - tp, len(gold_facts) - tp, um_p, um_g)


def score(family: str, predicted: list[Mapping], gold: list[Mapping]) -> Score:
    """Precision and recall of the predicted rows of one family against the gold rows (see module doc)."""
    predicted, gold = list(predicted or []), list(gold or [])
    if family == "plans":
        return _score_plans(predicted, gold)
    pairs, um_p, um_g, _ = match(family, predicted, gold)
    tp = len(pairs)
    return Score.from_counts(tp, len(um_p), len(um_g),
                             [dict(predicted[i]) for i in um_p], [dict(gold[i]) for i in um_g])


ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "responsibilities": ("canonical",),
    "targets": ("valueMax", "taskTitle"),
    "agencies": ("canonical", "type"),
    "incentives": ("taskTitle",),
}


def _attr_equal(attr: str, a, b) -> bool:
    if attr in ("valueMax", "maxAmount", "value"):
        return norm_decimal(a) == norm_decimal(b)
    if attr == "taskTitle":
        return norm_title(a) == norm_title(b)
    if attr == "type":
        return norm_text(a).lower() == norm_text(b).lower()
    return norm_text(a) == norm_text(b)


def attribute_accuracy(family: str, predicted: list[Mapping], gold: list[Mapping]) -> dict[str, tuple[int, int]]:
    """Agreement on non-key attributes over matched pairs: {attribute: (agreeing, matched pairs)}.

    For agencies the pairs are matched on the as-written form alone, so that ``canonical`` and ``type``
    measure the canonicalisation of every agency the extractor found (the family score itself requires
    all three columns to agree).
    """
    attrs = ATTRIBUTES.get(family, ())
    if not attrs:
        return {}
    predicted, gold = list(predicted or []), list(gold or [])
    if family == "agencies":
        ga = [norm_text(r.get("agency")) for r in gold]
        pa = [norm_text(r.get("agency")) for r in predicted]
        pairs = sorted(_max_matching(len(gold), len(predicted), lambda g, p: ga[g] == pa[p]).items())
    else:
        pairs = match(family, predicted, gold)[0]
    out = {}
    for attr in attrs:
        agree = sum(1 for g, p in pairs if _attr_equal(attr, gold[g].get(attr), predicted[p].get(attr)))
        out[attr] = (agree, len(pairs))
    return out


# --------------------------------------------------------------------------- gold files


def gold_documents(gold_dir: Path = GOLD_DIR) -> list[str]:
    """The document ids that have a gold standard in ``gold_dir`` (a folder per document with a plans.csv)."""
    if not gold_dir.is_dir():
        return []
    return sorted(p.name for p in gold_dir.iterdir() if p.is_dir() and (p / "plans.csv").exists())


def load_gold(document_id: str, family: str, gold_dir: Path = GOLD_DIR) -> list[dict]:
    """The gold rows of one family of one document, as dicts of strings (header row = keys)."""
    if family not in FAMILIES:
        raise ValueError(f"unknown family {family!r}")
    path = gold_dir / document_id / f"{family}.csv"
    with open(path, encoding="utf-8", newline="") as f:
        return [dict(row) for row in csv.DictReader(f)]


def document_text(document_id: str) -> str:
    return (DOCUMENTS_DIR / f"{document_id}.txt").read_text(encoding="utf-8").lstrip("\ufeff")


# --------------------------------------------------------------------------- all documents


def score_all(predicted_by_doc_family: Mapping[str, Mapping[str, list[Mapping]]],
              documents: Iterable[str] | None = None, families: Iterable[str] = FAMILIES,
              gold_dir: Path = GOLD_DIR) -> dict:
    """Score every gold document and family; micro-average (sum the counts) over the documents.

    Returns {"documents": {doc: {family: Score}}, "micro": {family: Score},
    "attributes": {family: {attribute: (agreeing, pairs)}}, "extra_documents": [...]}.
    Unmatched rows in the micro scores carry a "document" key.
    """
    docs = list(documents) if documents is not None else gold_documents(gold_dir)
    families = list(families)
    per_doc: dict[str, dict[str, Score]] = {}
    micro_counts = {f: [0, 0, 0, [], []] for f in families}
    attrs: dict[str, dict[str, list[int]]] = {}
    for doc in docs:
        preds = predicted_by_doc_family.get(doc, {}) or {}
        per_doc[doc] = {}
        for fam in families:
            gold = load_gold(doc, fam, gold_dir)
            pred = list(preds.get(fam, []) or [])
            s = score(fam, pred, gold)
            per_doc[doc][fam] = s
            c = micro_counts[fam]
            c[0] += s.tp
            c[1] += s.fp
            c[2] += s.fn
            c[3].extend({"document": doc, **r} for r in s.unmatched_predicted)
            c[4].extend({"document": doc, **r} for r in s.unmatched_gold)
            for attr, (agree, total) in attribute_accuracy(fam, pred, gold).items():
                a = attrs.setdefault(fam, {}).setdefault(attr, [0, 0])
                a[0] += agree
                a[1] += total
    micro = {f: Score.from_counts(c[0], c[1], c[2], c[3], c[4]) for f, c in micro_counts.items()}
    return {
        "documents": per_doc,
        "micro": micro,
        "attributes": {f: {a: (v[0], v[1]) for a, v in d.items()} for f, d in attrs.items()},
        "extra_documents": sorted(set(predicted_by_doc_family) - set(docs)),
    }


def _pct(x: float) -> str:
    return f"{100 * x:5.1f}"


def format_errors(result: Mapping) -> str:
    """Every unmatched predicted (FP) and gold (FN) row of a ``score_all`` result, one per line."""
    return "\n".join(
        f"{kind} {family}: {dict(row)}"
        for family, total in result["micro"].items()
        for kind, rows in (("FP", total.unmatched_predicted), ("FN", total.unmatched_gold))
        for row in rows
    )


def format_report(result: Mapping) -> str:
    """A plain-text report of a ``score_all`` result."""
    lines = []
    micro: Mapping[str, Score] = result["micro"]
    docs: Mapping[str, Mapping[str, Score]] = result["documents"]
    lines.append(f"Extraction quality against the gold standard ({len(docs)} documents, micro-averaged;"
                 " P n/a = nothing predicted)")
    lines.append("")
    head = f"{'family':<18}{'gold':>6}{'pred':>6}{'TP':>6}{'FP':>6}{'FN':>6}{'P%':>7}{'R%':>7}{'F1%':>7}"
    lines.append(head)
    lines.append("-" * len(head))
    tot = [0, 0, 0]
    for fam, s in micro.items():
        prec = _pct(s.precision) if s.predicted else "  n/a"
        lines.append(f"{fam:<18}{s.gold:>6}{s.predicted:>6}{s.tp:>6}{s.fp:>6}{s.fn:>6}"
                     f"{prec:>7}{_pct(s.recall):>7}{_pct(s.f1):>7}")
        tot[0] += s.tp
        tot[1] += s.fp
        tot[2] += s.fn
    all_s = Score.from_counts(*tot)
    lines.append("-" * len(head))
    prec = _pct(all_s.precision) if all_s.predicted else "  n/a"
    lines.append(f"{'all facts':<18}{all_s.gold:>6}{all_s.predicted:>6}{all_s.tp:>6}{all_s.fp:>6}{all_s.fn:>6}"
                 f"{prec:>7}{_pct(all_s.recall):>7}{_pct(all_s.f1):>7}")
    attrs = result.get("attributes") or {}
    if attrs:
        lines.append("")
        lines.append("Attribute accuracy on matched pairs (agencies: pairs matched on the as-written form)")
        for fam, d in attrs.items():
            for attr, (agree, total) in d.items():
                acc = f"{100 * agree / total:5.1f}%" if total else "   n/a"
                lines.append(f"  {fam + '.' + attr:<28}{acc}  ({agree}/{total})")
    lines.append("")
    lines.append("F1% per document")
    fams = list(micro)
    short = {"plans": "plan", "tasks": "task", "responsibilities": "resp", "targets": "targ",
             "agencies": "agcy", "parks": "park", "platforms": "pltf", "incentives": "incv"}
    lines.append(f"{'document':<58}" + "".join(f"{short.get(f, f[:4]):>6}" for f in fams))
    for doc, fam_scores in docs.items():
        cells = []
        for f in fams:
            s = fam_scores[f]
            cells.append(f"{'-':>6}" if s.gold == 0 and s.predicted == 0 else f"{_pct(s.f1):>6}")
        lines.append(f"{doc[:57]:<58}" + "".join(cells))
    if result.get("extra_documents"):
        lines.append("")
        lines.append("predicted documents without gold (not scored): " + ", ".join(result["extra_documents"]))
    return "\n".join(lines)
