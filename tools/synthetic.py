"""A synthetic corpus of plan graphs, shaped like docs/data-model.md, for benchmarks at any size.

RDF is generated directly (N-Triples bytes), not text: the benchmark measures the store, the
queries and validation, and times text extraction separately on the real documents. Each plan
looks like an average plan of the genre (measured on the seed documents: a few chapters of
numbered tasks with lead and supporting agencies, a dozen quantified targets, several
incentives, parks, platforms, a named official or two, sector mentions), and every fact has
its evidence (a Web Annotation with position and quote selectors), as emit writes it.

Plans are spread over real PRC divisions from ``loaders/gazetteers/divisions.tsv`` (provinces,
cities and counties), so several plans share a jurisdiction and its agencies, as real ones do.
Everything is deterministic for a given seed.

    python tools/synthetic.py --plans 50 > /tmp/plans.nq      # N-Quads of 50 plan graphs
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field

from biopolicy.graph import store as st
from biopolicy.loaders import resources
from biopolicy.loaders.families import ALL_FAMILIES

DIVISIONS = resources.gazetteer_dir() / "divisions.tsv"
ONTOLOGY = resources.ontology_dir() / "biopolicy.ttl"
VOCABULARIES = resources.vocabulary_dir()

RDF_TYPE = f"<{st.RDF}type>"
XSD = st.XSD
OA = st.ns.OA
PROV = st.PROV
FOAF = st.ns.FOAF

AGENCY_TYPES = {
    "science-technology": "科学技术局", "development-reform": "发展和改革委员会", "industry-it": "工业和信息化局",
    "health": "卫生健康委员会", "market-regulation": "市场监督管理局", "drug-regulation": "药品监督管理局",
    "finance": "财政局", "human-resources": "人力资源和社会保障局", "education": "教育局", "commerce": "商务局",
    "medical-insurance": "医疗保障局", "natural-resources": "自然资源和规划局", "financial-regulation": "金融工作局",
    "state-assets": "国有资产监督管理委员会", "taxation": "税务局", "ecology-environment": "生态环境局",
    "intellectual-property": "知识产权局", "statistics": "统计局",
}
INDICATORS = {
    "industry-scale": ("产业规模", "亿元", 10**8), "revenue": ("营业收入", "亿元", 10**8),
    "output-value": ("工业总产值", "亿元", 10**8), "investment": ("固定资产投资", "亿元", 10**8),
    "enterprises": ("企业数量", "家", None), "listed-enterprises": ("上市企业", "家", None),
    "above-scale-enterprises": ("规上企业", "家", None), "high-tech-enterprises": ("高新技术企业", "家", None),
    "platforms": ("创新平台", "个", None), "drug-approvals": ("获批新药", "个", None),
    "device-registrations": ("医疗器械注册证", "张", None), "products": ("重点产品", "个", None),
    "projects": ("重大项目", "个", None), "talent-teams": ("高层次人才团队", "个", None), "share": ("占比", "%", None),
}
INSTRUMENTS = ("subsidy", "reward", "fund", "loan-interest")
# Narrow instruments and one cue each, for the instrument codes of tasks and incentives.
INSTRUMENT_CUES = {
    "funding": "专项资金", "talent": "人才引进", "infrastructure": "创新平台", "technology-support": "技术攻关",
    "public-services": "公共服务平台", "procurement": "优先采购", "demonstration": "首台套", "trade": "国际市场",
    "medical-insurance-access": "医保目录", "regulation": "审评审批", "finance": "融资担保", "tax": "税收优惠",
    "strategy": "招商引资", "target-planning": "发展目标", "coordination": "联席会议",
}
PLATFORM_TYPES = ("rd", "innovation-centre", "laboratory", "clinical-research", "testing", "cro-cdmo", "service", "data")
PARK_TYPES = ("industrial-park", "industrial-base", "high-tech-zone", "development-zone", "bio-city", "pharma-valley")
DOCUMENT_KINDS = {
    "action-plan": "行动计划", "implementation-plan": "实施方案", "work-measures": "工作措施",
    "implementation-opinions": "实施意见", "several-measures": "若干措施", "development-plan": "发展规划",
}
TASK_WORDS = ("创新药物研发", "医疗器械提升", "产业集群培育", "创新平台建设", "龙头企业引育", "人才队伍建设",
              "临床资源开放", "产业空间拓展", "金融支持", "开放合作", "审评审批改革", "中医药传承创新")
CHINESE_NUMBERS = "一二三四五六七八九十"
FALLBACK_SECTORS = ("vaccine", "antibody", "car-t", "cell-therapy", "gene-therapy", "medical-device", "tcm",
                    "chemical-drug", "biologics", "in-vitro-diagnostics")


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str
    parent: str | None
    iri: str


def _slug(name: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(name)).lower()


def divisions() -> list[Division]:
    with open(DIVISIONS, encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")]
    return [
        Division(row["code"], row["name"], row["level"], row["parent"] or None,
                 f"{st.ID}jurisdiction/{row['code']}-{_slug(row['name'])}")
        for row in rows
    ]


def _vocab_keys(scheme: str, fallback: tuple[str, ...]) -> tuple[str, ...]:
    path = VOCABULARIES / f"{scheme}.ttl"
    if not path.is_file():
        return fallback
    from rdflib import Graph

    prefix = f"{st.VOCAB}{scheme}/"
    keys = sorted({str(s)[len(prefix):] for s in Graph().parse(path).subjects() if str(s).startswith(prefix)})
    return tuple(keys) or fallback


def _lit(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    if lang:
        return f'"{escaped}"@{lang}'
    if datatype:
        return f'"{escaped}"^^<{datatype}>'
    return f'"{escaped}"'


def _decimal(value: float | int) -> str:
    return _lit(f"{value}", datatype=XSD + "decimal")


def _integer(value: int, datatype: str = "integer") -> str:
    return _lit(str(value), datatype=XSD + datatype)


class PlanWriter:
    """N-Triples lines of one plan, with evidence for each fact (as loaders/emit.py writes them)."""

    def __init__(self, key: str):
        self.key = key
        self.lines: list[str] = []
        self.offset = 200
        self.plan = f"<{st.ID}plan/{key}>"
        self.document = f"<{st.ID}document/{key}>"
        self.load = f"<{st.ID}load/{key}>"

    def add(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"{s} {p} {o} .")

    def bp(self, name: str) -> str:
        return f"<{st.BP}{name}>"

    def evidence(self, body: str, quote: str) -> str:
        start = self.offset
        end = start + len(quote)
        self.offset = end + 37
        base = f"{st.ID}evidence/{self.key}/{start}-{end}"
        node, target, position, selector = (f"<{base}{part}>" for part in ("", "#target", "#position", "#quote"))
        self.add(node, RDF_TYPE, self.bp("Evidence"))
        self.add(node, f"<{OA}hasBody>", body)
        self.add(node, self.bp("line"), _integer(start // 60 + 1, "positiveInteger"))
        self.add(node, f"<{OA}hasTarget>", target)
        self.add(node, f"<{PROV}wasGeneratedBy>", self.load)
        self.add(target, RDF_TYPE, f"<{OA}SpecificResource>")
        self.add(target, f"<{OA}hasSource>", self.document)
        self.add(target, f"<{OA}hasSelector>", position)
        self.add(target, f"<{OA}hasSelector>", selector)
        self.add(position, RDF_TYPE, f"<{OA}TextPositionSelector>")
        self.add(position, f"<{OA}start>", _lit(str(start), datatype=XSD + "nonNegativeInteger"))
        self.add(position, f"<{OA}end>", _lit(str(end), datatype=XSD + "nonNegativeInteger"))
        self.add(selector, RDF_TYPE, f"<{OA}TextQuoteSelector>")
        self.add(selector, f"<{OA}exact>", _lit(quote))
        return node

    def cite(self, fact: str, quote: str) -> None:
        start = self.offset
        self.add(fact, self.bp("evidence"), self.evidence(fact, quote))
        self.add(fact, self.bp("sourceStart"), _lit(str(start), datatype=XSD + "nonNegativeInteger"))

    def ntriples(self) -> bytes:
        return ("\n".join(self.lines) + "\n").encode("utf-8")


def _concept(scheme: str, key: str) -> str:
    return f"<{st.VOCAB}{scheme}/{key}>"


@dataclass
class PlanState:
    """What the family writers of one synthetic plan share."""

    rng: random.Random
    division: Division
    year: int
    key: str
    w: PlanWriter
    start: int = 0
    end: int = 0
    holders: list[str] = field(default_factory=list)
    tasks: list[str] = field(default_factory=list)
    task_titles: dict[str, str] = field(default_factory=dict)
    incentives: list[str] = field(default_factory=list)


class Corpus:
    """Synthetic plans over real divisions; ``plan(i)`` is deterministic."""

    def __init__(self, seed: int = 20240601):
        self.seed = seed
        self.divisions = divisions()
        self.by_code = {d.code: d for d in self.divisions}
        levels = {"province": [], "city": [], "county": []}
        for division in self.divisions:
            levels.setdefault(division.level, []).append(division)
        self.levels = levels
        self.sectors = _vocab_keys("sector", FALLBACK_SECTORS)

    def jurisdiction_for(self, rng: random.Random) -> Division:
        roll = rng.random()
        level = "province" if roll < 0.15 else "city" if roll < 0.75 else "county"
        pool = self.levels[level] or self.divisions
        # Skewed: some jurisdictions issue many plans, as the big biomedicine cities do.
        return pool[min(int(rng.paretovariate(1.2)) - 1, len(pool) - 1) if rng.random() < 0.5 else rng.randrange(len(pool))]

    def agency(self, w: PlanWriter, division: Division | None, agency_type: str, name: str) -> str:
        code = division.code if division else "000000"
        node = f"<{st.ID}agency/{code}-{agency_type}>"
        w.add(node, RDF_TYPE, w.bp("Agency"))
        w.add(node, f"<{st.SKOS}prefLabel>", _lit(name, "zh"))
        w.add(node, w.bp("agencyType"), _concept("agency-type", agency_type))
        if division:
            w.add(node, w.bp("jurisdiction"), f"<{division.iri}>")
        return node

    def plan(self, index: int) -> st.PlanData:
        """One plan graph: every registered fact family written in registry order (a family without a
        writer here is an error, so a new family cannot silently be missing from the benchmarks)."""
        rng = random.Random(self.seed * 1_000_003 + index)
        division = self.jurisdiction_for(rng)
        year = rng.randint(2016, 2025)
        key = f"{division.code}-{year}-syn{index:05d}"
        state = PlanState(rng, division, year, key, PlanWriter(key))
        for family in ALL_FAMILIES:
            writer = FAMILY_WRITERS.get(family.name)
            if writer is None:
                raise KeyError(f"no synthetic writer for the fact family {family.name!r} (tools/synthetic.py)")
            writer(self, state)
        return st.PlanData(st.PLAN_GRAPH + key, state.w.ntriples(), self.activity(key))

    def write_plan(self, p: PlanState) -> None:
        rng, division, year, w = p.rng, p.division, p.year, p.w
        bp = w.bp
        kind = rng.choice(list(DOCUMENT_KINDS))
        title = f"{division.name}促进生物医药产业高质量发展{DOCUMENT_KINDS[kind]}"
        plan = w.plan
        w.add(plan, RDF_TYPE, bp("Plan"))
        w.add(plan, f"<{st.DCTERMS}title>", _lit(title, "zh"))
        w.add(plan, bp("documentKind"), _concept("document-kind", kind))
        w.add(plan, bp("jurisdiction"), f"<{division.iri}>")
        issuer = self.agency(w, division, "government-office", f"{division.name}人民政府办公厅")
        w.add(plan, bp("issuer"), issuer)
        w.add(plan, bp("issuerAsWritten"), _lit(f"{division.name}人民政府办公厅", "zh"))
        if rng.random() < 0.7:
            w.add(plan, bp("docNumber"), _lit(f"{division.name[:1]}政办〔{year}〕{rng.randint(1, 120)}号"))
        w.add(plan, f"<{st.DCTERMS}issued>", _lit(f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", datatype=XSD + "date"))
        p.start, p.end = year, year + rng.randint(2, 5)
        w.add(plan, bp("periodStart"), _integer(p.start))
        w.add(plan, bp("periodEnd"), _integer(p.end))
        w.add(plan, bp("sourceDocument"), w.document)
        w.cite(plan, title)
        document = w.document
        w.add(document, RDF_TYPE, bp("SourceDocument"))
        w.add(document, bp("fileName"), _lit(f"synthetic-{p.key}.txt"))
        w.add(document, f"<{st.DCTERMS}format>", _lit("text/plain"))
        w.add(document, bp("sha256"), _lit(f"{rng.getrandbits(256):064x}"))
        w.add(document, bp("characterCount"), _integer(rng.randint(8000, 25000), "nonNegativeInteger"))
        p.holders = [plan]

    def write_tasks(self, p: PlanState) -> None:
        rng, w, key = p.rng, p.w, p.key
        order = 0
        for chapter in range(rng.randint(3, 5)):
            parent_path = CHINESE_NUMBERS[chapter]
            parent = f"<{st.ID}task/{key}/{chapter + 1}>"
            order += 1
            chapter_title = rng.choice(TASK_WORDS) + "工程"
            self.task(w, parent, w.plan, parent_path, chapter_title, order, "task")
            p.task_titles[parent] = chapter_title
            p.tasks.append(parent)
            for item in range(rng.randint(3, 6)):
                node = f"<{st.ID}task/{key}/{chapter + 1}-{item + 1}>"
                order += 1
                kind_key = rng.choice(("task", "task", "measure", "policy"))
                title = rng.choice(TASK_WORDS)
                self.task(w, node, parent, f"{parent_path}.({CHINESE_NUMBERS[item]})", title, order, kind_key)
                p.task_titles[node] = title
                p.tasks.append(node)
        p.holders += p.tasks

    def write_responsibilities(self, p: PlanState) -> None:
        rng, division, w = p.rng, p.division, p.w
        bp = w.bp
        agency_pool = rng.sample(sorted(AGENCY_TYPES), k=min(len(AGENCY_TYPES), rng.randint(8, 14)))
        for task in p.tasks[1:]:
            if rng.random() < 0.15:
                continue  # some tasks name no agency
            for role in ["lead"] + ["supporting"] * rng.randint(0, 2):
                agency_type = rng.choice(agency_pool)
                written = ("市" if division.level == "city" else "省" if division.level == "province" else "县") + AGENCY_TYPES[agency_type][:3]
                node = self.fact(w, "responsibility", "Responsibility", task, "hasResponsibility", written)
                w.add(node, bp("agency"), self.agency(w, division, agency_type, division.name + AGENCY_TYPES[agency_type]))
                w.add(node, bp("role"), _concept("role", role))
                w.add(node, bp("agencyAsWritten"), _lit(written, "zh"))
                if task in p.task_titles:
                    w.add(node, bp("taskTitle"), _lit(p.task_titles[task], "zh"))

    def write_agencies(self, p: PlanState) -> None:
        """Agency nodes are written where the plan and its responsibilities name them (``agency``)."""

    def write_targets(self, p: PlanState) -> None:
        rng, w = p.rng, p.w
        bp = w.bp
        for _ in range(rng.randint(8, 18)):
            indicator = rng.choice(list(INDICATORS))
            phrase, unit, yuan = INDICATORS[indicator]
            value = rng.choice((5, 10, 20, 50, 100, 300, 500, 1000, 2000)) if unit != "%" else rng.randint(5, 40)
            target_year = rng.choice((p.end, p.end, p.start + 1, p.end + 5))
            quote = f"到{target_year}年,{phrase}达到{value}{unit}"
            holder = w.plan if rng.random() < 0.35 else rng.choice(p.tasks)
            node = self.fact(w, "target", "Target", holder, "hasTarget", quote)
            w.add(node, bp("indicator"), _concept("indicator-type", indicator))
            w.add(node, bp("indicatorPhrase"), _lit(phrase, "zh"))
            w.add(node, bp("value"), _decimal(value))
            if rng.random() < 0.1:
                w.add(node, bp("valueMax"), _decimal(value * 2))
            w.add(node, bp("unit"), _lit(unit))
            w.add(node, bp("comparator"), _lit(rng.choice(("=", "≥", "≥", ">", "approx"))))
            w.add(node, bp("targetYear"), _integer(target_year))
            if yuan:
                w.add(node, bp("valueInYuan"), _decimal(value * yuan))

    def write_incentives(self, p: PlanState) -> None:
        rng, w = p.rng, p.w
        bp = w.bp
        for _ in range(rng.randint(3, 12)):
            amount = rng.choice((10, 50, 100, 200, 300, 500, 1000, 2000))
            recipient = rng.choice(("创新药企业", "医疗器械企业", "高层次人才团队", "新型研发机构", "公共服务平台"))
            quote = f"对{recipient}给予最高{amount}万元{rng.choice(('奖励', '补贴', '资助'))}"
            node = self.fact(w, "incentive", "Incentive", rng.choice(p.holders), "hasIncentive", quote)
            w.add(node, bp("maxAmount"), _decimal(amount))
            if rng.random() < 0.2:
                w.add(node, bp("minAmount"), _decimal(amount // 10))
            w.add(node, bp("unit"), _lit("万元"))
            w.add(node, bp("valueInYuan"), _decimal(amount * 10_000))
            w.add(node, bp("recipient"), _lit(recipient, "zh"))
            w.add(node, bp("instrument"), _concept("policy-instrument", rng.choice(INSTRUMENTS)))
            p.incentives.append(node)

    def write_instruments(self, p: PlanState) -> None:
        """A primary code (and sometimes a secondary one) for most tasks and every incentive; the rest unclassified."""
        rng, w = p.rng, p.w
        bp = w.bp
        incentives = set(p.incentives)
        for measure in [*p.tasks, *p.incentives]:
            if measure not in incentives and rng.random() < 0.15:
                w.add(measure, bp("noInstrumentCue"), _lit("true", datatype=XSD + "boolean"))
                continue
            concepts = rng.sample(sorted(INSTRUMENT_CUES), 2 if rng.random() < 0.3 else 1)
            if measure in incentives:
                concepts[0] = "funding" if rng.random() < 0.8 else "talent"
                concepts = list(dict.fromkeys(concepts))
            for position, key in enumerate(concepts):
                rank = "primary" if position == 0 else "secondary"
                node = self.fact(w, "instrument-code", "InstrumentCode", measure, "hasInstrumentCode", INSTRUMENT_CUES[key])
                w.add(node, bp("codeRank"), _lit(rank))
                w.add(node, bp("instrumentConcept"), _concept("policy-instrument", key))
                w.add(node, bp("cue"), _lit(INSTRUMENT_CUES[key], "zh"))

    def write_named(self, p: PlanState, family: str, cls: str, type_property: str, scheme: str, choices, suffix: str,
                    count: int) -> None:
        rng, division, w = p.rng, p.division, p.w
        bp = w.bp
        for number in range(count):
            name = f"{division.name}{CHINESE_NUMBERS[number]}号{suffix}"
            node = f"<{st.ID}{family}/{division.code}-{family}{number}>"
            w.add(node, RDF_TYPE, bp(cls))
            w.add(node, f"<{st.RDFS}label>", _lit(name, "zh"))
            w.add(node, bp(type_property), _concept(scheme, rng.choice(choices)))
            w.add(node, bp("locatedIn"), f"<{division.iri}>")
            if family == "park" and rng.random() < 0.6:
                w.add(node, bp("specialisation"), _lit(rng.choice(("创新药、医疗器械", "生物制品", "中医药")), "zh"))
            w.add(rng.choice(p.holders), bp("mentions"), node)
            w.cite(node, name)

    def write_parks(self, p: PlanState) -> None:
        self.write_named(p, "park", "Park", "parkType", "park-type", PARK_TYPES, "生物医药产业园", p.rng.randint(1, 4))

    def write_platforms(self, p: PlanState) -> None:
        self.write_named(p, "platform", "Platform", "platformType", "platform-type", PLATFORM_TYPES, "公共服务平台",
                         p.rng.randint(2, 8))

    def write_persons(self, p: PlanState) -> None:
        rng, division, w = p.rng, p.division, p.w
        bp = w.bp
        for number in range(rng.randint(0, 3)):
            node = f"<{st.ID}person/{division.code}-{p.key}-p{number}>"
            name = rng.choice("王李张刘陈杨黄赵") + rng.choice(("志勇", "建国", "晓明", "海燕", "伟"))
            task = rng.choice(p.tasks)
            w.add(node, RDF_TYPE, bp("Person"))
            w.add(node, f"<{FOAF}name>", _lit(name, "zh"))
            w.add(node, bp("leads"), task)
            w.add(task, bp("mentions"), node)
            w.cite(node, name)

    def write_sectors(self, p: PlanState) -> None:
        rng, w = p.rng, p.w
        for sector in rng.sample(self.sectors, k=min(len(self.sectors), rng.randint(3, 10))):
            unit = rng.choice(p.holders)
            concept = _concept("sector", sector)
            w.add(unit, w.bp("mentionsSector"), concept)
            evidence = w.evidence(concept, sector)
            w.add(evidence, w.bp("context"), unit)

    def task(self, w: PlanWriter, node: str, parent: str, path: str, title: str, order: int, kind: str) -> None:
        bp = w.bp
        w.add(node, RDF_TYPE, bp("Task"))
        w.add(node, bp("plan"), w.plan)
        w.add(node, bp("partOf"), parent)
        w.add(node, bp("path"), _lit(path))
        w.add(node, f"<{st.DCTERMS}title>", _lit(title, "zh"))
        w.add(node, bp("taskKind"), _concept("task-kind", kind))
        w.add(node, bp("order"), _integer(order, "nonNegativeInteger"))
        w.cite(node, f"({path}){title}")

    def fact(self, w: PlanWriter, family: str, cls: str, holder: str, link: str, quote: str) -> str:
        node = f"<{st.ID}{family}/{w.key}/{w.offset}>"
        w.add(holder, w.bp(link), node)
        w.add(node, RDF_TYPE, w.bp(cls))
        w.add(node, w.bp("plan"), w.plan)
        w.cite(node, quote)
        return node

    def activity(self, key: str) -> bytes:
        node = f"<{st.ID}load/{key}>"
        lines = [
            f"{node} {RDF_TYPE} <{PROV}Activity> .",
            f"{node} <{PROV}used> <{st.ID}document/{key}> .",
            f"{node} <{PROV}generated> <{st.PLAN_GRAPH}{key}> .",
            f"{node} <{PROV}startedAtTime> {_lit('2024-06-01T00:00:00+00:00', datatype=XSD + 'dateTime')} .",
        ]
        return ("\n".join(lines) + "\n").encode("utf-8")

    def plans(self, count: int, first: int = 0) -> Iterator[st.PlanData]:
        for index in range(first, first + count):
            yield self.plan(index)

    def jurisdictions_ntriples(self) -> bytes:
        lines = []
        for d in self.divisions:
            node = f"<{d.iri}>"
            lines.append(f"{node} {RDF_TYPE} <{st.BP}Jurisdiction> .")
            lines.append(f"{node} <{st.RDFS}label> {_lit(d.name, 'zh')} .")
            lines.append(f"{node} <{st.BP}adminCode> {_lit(d.code)} .")
            lines.append(f"{node} <{st.BP}adminLevel> {_concept('admin-level', d.level)} .")
            if d.parent and d.parent in self.by_code:
                lines.append(f"{node} <{st.BP}withinJurisdiction> <{self.by_code[d.parent].iri}> .")
        return ("\n".join(lines) + "\n").encode("utf-8")

    def reference_ntriples(self) -> dict[str, bytes]:
        """Ontology and vocabularies from ontology/ (as files), jurisdictions from the gazetteer."""
        from rdflib import Graph

        graphs = {}
        if ONTOLOGY.is_file():
            graphs[st.ONTOLOGY_GRAPH] = st.rdflib_ntriples(Graph().parse(ONTOLOGY))
        for path in sorted(VOCABULARIES.glob("*.ttl")):
            graphs[st.VOCAB_GRAPH + path.stem] = st.rdflib_ntriples(Graph().parse(path))
        graphs[st.JURISDICTIONS_GRAPH] = self.jurisdictions_ntriples()
        return graphs


# One writer per registered fact family (loaders/families.py), by family name.
FAMILY_WRITERS = {
    "plans": Corpus.write_plan,
    "tasks": Corpus.write_tasks,
    "responsibilities": Corpus.write_responsibilities,
    "agencies": Corpus.write_agencies,
    "targets": Corpus.write_targets,
    "incentives": Corpus.write_incentives,
    "parks": Corpus.write_parks,
    "platforms": Corpus.write_platforms,
    "persons": Corpus.write_persons,
    "sectors": Corpus.write_sectors,
    "instruments": Corpus.write_instruments,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python tools/synthetic.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--plans", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20240601)
    args = parser.parse_args(argv)
    corpus = Corpus(args.seed)
    out = sys.stdout.buffer
    for plan in corpus.plans(args.plans):
        out.write(st.ntriples_to_nquads(plan.ntriples, plan.graph_iri))
    return 0


if __name__ == "__main__":
    sys.exit(main())
