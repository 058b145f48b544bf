"""graph/inferred states the super-properties of the standard vocabularies the ontology aligns to
(issue #13 §5): ``bp:issuer`` → ``eli:passed_by``, ``bp:jurisdiction`` → ``dcterms:spatial``…, so that
a query in ELI, PROV, DCTERMS or ORG terms finds the data; and ``add``/``remove`` keep them exact."""


from biopolicy.graph import store as st

BP = st.BP
ELI = "http://data.europa.eu/eli/ontology#"
DCTERMS = "http://purl.org/dc/terms/"
ID = "https://w3id.org/biopolicy/id/"
ONTOLOGY = f"""
<{BP}issuer> <{st.RDFS}subPropertyOf> <{ELI}passed_by> .
<{BP}jurisdiction> <{st.RDFS}subPropertyOf> <{DCTERMS}spatial> .
<{DCTERMS}spatial> <{st.RDFS}subPropertyOf> <{DCTERMS}coverage> .
<{BP}Plan> <{st.RDFS}subClassOf> <{ELI}LegalResource> .
""".encode()


def plan(key: str, issuer: str, place: str = "350200") -> st.PlanData:
    node = f"<{ID}plan/{key}>"
    data = (
        f"{node} <{st.RDF}type> <{BP}Plan> .\n"
        f"{node} <{BP}issuer> <{ID}agency/{issuer}> .\n"
        f'{node} <{BP}jurisdiction> <{ID}jurisdiction/{place}> .\n'
        f'{node} <{st.RDFS}label> "计划 {key}"@zh .\n'
    ).encode()
    return st.PlanData(st.plan_graph_iri(key), data, b"")


def inferred(store_dir) -> set[str]:
    return set(st.read_graph_ntriples(st.open_store(store_dir), st.INFERRED_GRAPH).decode().splitlines())


def build(store_dir, plans):
    st.build_store(store_dir, {st.ONTOLOGY_GRAPH: ONTOLOGY}, plans, dumps=False, answers=False)


def test_a_query_in_eli_and_dcterms_terms_finds_the_plans(tmp_path):
    build(tmp_path / "s", [plan("a-1", "gov"), plan("b-2", "kjj")])
    store = st.open_store(tmp_path / "s")
    rows = store.query(f"SELECT ?p ?who WHERE {{ ?p <{ELI}passed_by> ?who }} ORDER BY ?p", use_default_graph_as_union=True)
    assert [(r["p"].value.rsplit("/", 1)[1], r["who"].value.rsplit("/", 1)[1]) for r in rows] == [("a-1", "gov"), ("b-2", "kjj")]
    lines = inferred(tmp_path / "s")
    assert f"<{ID}plan/a-1> <{DCTERMS}coverage> <{ID}jurisdiction/350200> ." in lines  # two steps
    assert not any(f"<{BP}issuer>" in line or f"<{st.RDFS}label>" in line for line in lines)  # asserted, or no super


def test_replacing_and_removing_a_plan_leaves_the_inferences_a_full_build_gives(tmp_path):
    build(tmp_path / "s", [plan("a-1", "gov"), plan("b-2", "kjj")])
    st.replace_plan(tmp_path / "s", plan("a-1", "fgw", "350000"), dumps=False, answers=False)
    build(tmp_path / "full", [plan("a-1", "fgw", "350000"), plan("b-2", "kjj")])
    assert inferred(tmp_path / "s") == inferred(tmp_path / "full")
    assert not any("agency/gov" in line for line in inferred(tmp_path / "s"))
    st.remove_plan(tmp_path / "s", "b-2", dumps=False, answers=False)
    build(tmp_path / "one", [plan("a-1", "fgw", "350000")])
    assert inferred(tmp_path / "s") == inferred(tmp_path / "one")


def test_the_byte_scan_reads_blank_nodes_literals_and_skips_other_lines():
    supers = {f"<{BP}issuer>".encode(): [f"<{ELI}passed_by>".encode()]}
    data = (
        f'_:b0 <{BP}issuer> "厦门市 <x> ." .\n'
        f"<{ID}p> <{st.RDFS}label> <{BP}issuer> .\n"
        "\n"
    ).encode()
    out = st.inferred_super_properties_nquads(data, supers).decode()
    assert out == f'_:b0 <{ELI}passed_by> "厦门市 <x> ." <{st.INFERRED_GRAPH}> .\n'


def test_a_generated_english_name_does_not_become_a_plain_label(tmp_path):
    """bp:generatedLabel ⊑ rdfs:label: only the standards' super-properties are stated (ELI, PROV,
    DCTERMS, ORG), so generated names stay apart from the labels a plan gives."""
    ontology = ONTOLOGY + f"<{BP}generatedLabel> <{st.RDFS}subPropertyOf> <{st.RDFS}label> .\n".encode()
    data = f'<{ID}agency/x> <{st.RDF}type> <{BP}Agency> .\n<{ID}agency/x> <{BP}generatedLabel> "X Bureau"@en .\n'.encode()
    st.build_store(tmp_path / "s", {st.ONTOLOGY_GRAPH: ontology}, [st.PlanData(st.plan_graph_iri("a-1"), data, b"")],
                   dumps=False, answers=False)
    assert not any(f"<{st.RDFS}label>" in line for line in inferred(tmp_path / "s"))
