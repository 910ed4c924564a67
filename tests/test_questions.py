"""Canned questions on the embedded graph: the catalog, arguments, resolution, answers, CLI.

The graph is tests/questions_samples.py's small hand-made graph; Neo4j parity is in
tests/test_parity.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from questions_samples import HOSTILE_MODEL, INJECTION, sample_graph, sample_items
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import QuestionError
from kg.questions import ask, ask_embedded, list_questions
from kg.questions.catalog import catalog, parse_question
from kg.questions.embedded import IMPLEMENTATIONS
from kg.stores.embedded import EmbeddedStore

GRAPH = sample_graph()
FIRST_SET = {
    "methods-compressing",
    "papers-evaluated-on",
    "papers-using",
    "methods-for-task",
    "metrics-for-task",
    "derived-from",
    "outperforming",
    "tasks-for",
    "top-entities",
    "papers-with-code",
    "new-datasets",
    "entity",
    "path",
}


def keys(answer, param):
    return [ref.key for ref in answer.resolved[param]]


def subjects(rows):
    return {row["subject"] for row in rows}


# -- catalog ---------------------------------------------------------------------------
def test_catalog_has_the_first_set_each_with_an_embedded_implementation():
    names = {q.name for q in list_questions()}
    assert names >= FIRST_SET
    assert names == set(IMPLEMENTATIONS)


def test_every_question_uses_its_parameters_as_cypher_parameters():
    for question in list_questions():
        for param in question.params:
            assert f"${param.name}" in question.cypher, (question.name, param.name)
        assert question.question.endswith(("?", ".")), question.name


def test_a_header_without_columns_names_the_file(tmp_path: Path):
    bad = tmp_path / "bad.cypher"
    bad.write_text("// name: bad\n// question: Why?\nRETURN 1\n")
    with pytest.raises(QuestionError, match="columns") as info:
        parse_question(bad)
    assert str(bad) in info.value.render()


def test_a_header_name_must_match_the_file(tmp_path: Path):
    (tmp_path / "one.cypher").write_text(
        "// name: two\n// params: x (entity), n (int = 3)\n// question: Q?\n// columns: a\n"
        "RETURN $x AS a\n"
    )
    with pytest.raises(QuestionError, match="differs from the file name"):
        catalog(tmp_path)


def test_a_catalog_folder_parses_params_and_skips_helpers(tmp_path: Path):
    (tmp_path / "q.cypher").write_text(
        "// name: q\n// params: x (entity), n (int = 3)\n// question: Q?\n// columns: a, b\n"
        "// papers: a free comment that looks like a header line\nRETURN 1\n"
    )
    (tmp_path / "_helper.cypher").write_text("RETURN 1\n")
    (question,) = catalog(tmp_path).values()
    assert [(p.name, p.kind, p.default) for p in question.params] == [
        ("x", "entity", None),
        ("n", "int", 3),
    ]
    assert question.columns == ("a", "b")
    assert question.usage == "q X [n]"


# -- arguments -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("no-such-question", {}, "unknown question"),
        ("methods-compressing", {}, "missing MODEL"),
        ("methods-compressing", {"model": "BERT", "colour": "red"}, "unknown parameter"),
        ("top-entities", {"type": "Gadget"}, "unknown entity type"),
        ("top-entities", {"type": "Model", "limit": "many"}, "whole number"),
        ("top-entities", {"type": "Model", "limit": -1}, "whole number"),
        ("papers-using", {"entity": "!!!"}, "no letters or digits"),
        ("papers-using", {"entity": "no such thing"}, "no entity matches"),
        ("path", {"a": "BERT"}, "missing B"),
    ],
)
def test_bad_arguments_raise_question_errors_with_a_hint(name, params, message):
    with pytest.raises(QuestionError, match=message) as info:
        ask_embedded(GRAPH, name, **params)
    assert info.value.hint


def test_no_match_suggests_similar_names():
    with pytest.raises(QuestionError, match="no entity matches 'distil'") as info:
        ask_embedded(GRAPH, "papers-using", entity="distil")
    assert "similar names: DistilBERT, knowledge distillation" in info.value.hint


def test_unknown_question_hint_lists_the_valid_names():
    with pytest.raises(QuestionError) as info:
        ask_embedded(GRAPH, "methods-compresing", model="BERT")
    assert "methods-compressing" in info.value.hint


# -- resolution ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "spelling", ["bert", "BERT", "BERT-base", "bert large", "Bidirectional Encoder"]
)
def test_bert_spellings_resolve_to_bert_and_its_variants(spelling):
    answer = ask_embedded(GRAPH, "papers-using", entity=spelling)
    # size variants (extraction) and family members by name (DistilBERT, Q8BERT)
    assert keys(answer, "entity") == ["bert", "bertbase", "bertlarge", "distilbert", "q8bert"]


def test_exact_keeps_the_family_out():
    answer = ask_embedded(GRAPH, "papers-using", entity="BERT", exact=True)
    assert keys(answer, "entity") == ["bert"]
    assert {r["entity_key"] for r in answer.rows} == {"bert"}


def test_a_family_member_does_not_climb_to_its_root():
    """BERT-base (a size variant) means all of BERT; DistilBERT (named after it) only itself."""
    assert keys(ask_embedded(GRAPH, "papers-using", entity="DistilBERT"), "entity") == [
        "distilbert"
    ]


def test_aliases_and_families_resolve():
    assert keys(ask("papers-using", GRAPH, entity="KD"), "entity") == ["knowledgedistillation"]
    assert keys(ask("papers-using", GRAPH, entity="llama 2 7B"), "entity") == ["llama", "llama27b"]
    assert keys(ask("papers-using", GRAPH, entity="bobs net"), "entity") == [
        "bobsquotedtickbracenet"
    ]


# -- answers ---------------------------------------------------------------------------
def test_methods_compressing_bert_lists_each_compressor_with_paper_and_sentence():
    rows = ask_embedded(GRAPH, "methods-compressing", model="bert").rows
    assert subjects(rows) >= {"DistilBERT", "Q8BERT", "MiniLM", HOSTILE_MODEL}
    by_subject = {row["subject"]: row for row in rows}
    assert by_subject["Pruning BERT without a name"]["subject_type"] == "Paper"
    q8 = by_subject["Q8BERT"]
    assert q8["object"] == "BERT-base"
    assert q8["papers"] == [
        {
            "id": "p2",
            "title": "Q8BERT: Quantized 8Bit BERT",
            "sentence": "Q8BERT quantizes BERT-base to 8 bits.",
        }
    ]
    for row in rows:
        assert row["relation"] == "COMPRESSES"
        assert all(p["id"] and p["title"] and p["sentence"] for p in row["papers"])


def test_derived_from_includes_built_on_models_and_variants():
    llama = ask_embedded(GRAPH, "derived-from", model="LLaMA").rows
    assert {(r["subject"], r["relation"], r["object"]) for r in llama} == {
        ("Alpaca", "BASED_ON", "LLaMA-2 7B"),
        ("LLaMA-2 7B", "VARIANT_OF", "LLaMA"),
    }
    bert = ask_embedded(GRAPH, "derived-from", model="BERT").rows
    assert subjects(bert) == {"RoBERTa", "BERT-base", "BERT-large", "DistilBERT", "Q8BERT"}
    paths = {r["subject"]: r["path"] for r in llama}
    assert paths["Alpaca"] == ["Alpaca", "LLaMA-2 7B", "LLaMA"]


def test_outperforming_goes_both_ways():
    rows = ask_embedded(GRAPH, "outperforming", entity="DistilBERT").rows
    assert [(r["subject"], r["object"]) for r in rows] == [("MiniLM", "DistilBERT")]
    rows = ask_embedded(GRAPH, "outperforming", entity="MiniLM").rows
    assert [(r["subject"], r["object"]) for r in rows] == [("MiniLM", "DistilBERT")]


def test_tasks_metrics_and_datasets():
    applied = ask_embedded(GRAPH, "methods-for-task", task="QA").rows
    assert {(r["subject"], r["via"]) for r in applied} == {
        ("MiniLM", "direct"),
        ("Pruning BERT without a name", "direct"),
        ("Q8BERT", "dataset"),  # evaluated on SQuAD, a question-answering benchmark
    }
    assert [r["via"] for r in applied][-1] == "dataset"  # direct rows first
    assert applied[-1]["papers"][0]["sentence"] == "Q8BERT is evaluated on GLUE and SQuAD."
    assert {r["relation"] for r in applied} == {"APPLIED_TO"}
    metrics = ask_embedded(GRAPH, "metrics-for-task", task="question answering").rows
    assert [r["metric"] for r in metrics] == ["accuracy", "F1"]
    evaluated = ask_embedded(GRAPH, "papers-evaluated-on", dataset="glue").rows
    assert [(r["paper_id"], r["subject"]) for r in evaluated][:3] == [
        ("p1", "DistilBERT"),
        ("p2", "Q8BERT"),
        (evaluated[2]["paper_id"], INJECTION),
    ]
    assert [r["dataset"] for r in ask_embedded(GRAPH, "new-datasets").rows] == ["NewBench"]
    tasks = ask_embedded(GRAPH, "tasks-for", entity="NewBench").rows
    assert [r["object"] for r in tasks] == ["reading comprehension"]


def test_top_entities_counts_papers_and_limits():
    rows = ask_embedded(GRAPH, "top-entities", type="models", limit=2).rows
    assert [(r["name"], r["papers"]) for r in rows] == [("BERT", 4), ("DistilBERT", 2)]
    every = ask_embedded(GRAPH, "top-entities", type="Model", limit=100).rows
    assert [r["papers"] for r in every] == sorted((r["papers"] for r in every), reverse=True)


def test_limit_truncates_questions_without_a_limit_parameter():
    full = ask_embedded(GRAPH, "methods-compressing", model="BERT").rows
    assert ask_embedded(GRAPH, "methods-compressing", model="BERT", limit=2).rows == full[:2]


def test_papers_using_and_with_code():
    rows = ask_embedded(GRAPH, "papers-using", entity="DistilBERT").rows
    assert [(r["paper_id"], r["proposes"]) for r in rows] == [("p1", True), ("p3", False)]
    code = {r["paper_id"]: r for r in ask_embedded(GRAPH, "papers-with-code").rows}
    assert code["p1"]["repositories"] == ["https://github.com/huggingface/transformers"]
    assert code["p3"]["proposes"] == ["MiniLM"]


def test_entity_gathers_mentions_and_relations():
    rows = ask_embedded(GRAPH, "entity", entity="MiniLM").rows
    facts = {(r["subject"], r["relation"], r["object"]) for r in rows}
    assert {
        (None, "MENTIONS", "MiniLM"),
        (None, "PROPOSES", "MiniLM"),
        ("MiniLM", "OUTPERFORMS", "DistilBERT"),
        ("MiniLM", "MEASURED_BY", "F1"),
    } <= facts
    proposes = next(r for r in rows if r["relation"] == "PROPOSES")
    assert proposes["papers"][0]["sentence"] == "MiniLM distils BERT-large into a small student."


def test_path_finds_the_shortest_connections():
    rows = ask_embedded(GRAPH, "path", a="MiniLM", b="F1").rows
    assert [r["length"] for r in rows] == [1]
    assert rows[0]["steps"] == [["MEASURED_BY>"]]
    one = ask_embedded(GRAPH, "path", a="Alpaca", b="LLaMA").rows  # LLaMA-2 7B is family
    assert [[n["name"] for n in r["nodes"]] for r in one] == [["Alpaca", "LLaMA-2 7B"]]
    two = ask_embedded(GRAPH, "path", a="DistilBERT", b="F1").rows
    assert [([n["key"] for n in r["nodes"]], r["steps"]) for r in two] == [
        (["distilbert", "minilm", "f1"], [["<OUTPERFORMS"], ["MEASURED_BY>"]]),
        (["distilbert", "p3", "f1"], [["<MENTIONS"], ["MENTIONS>"]]),
    ]
    assert ask_embedded(GRAPH, "path", a="Alpaca", b="BERT").rows == []


def test_answers_are_json_and_deterministic():
    first = ask_embedded(GRAPH, "entity", entity="BERT")
    again = ask_embedded(sample_graph(), "entity", entity="BERT")
    assert first == again
    assert json.loads(first.model_dump_json()) == first.model_dump()


# -- CLI on an embedded store ----------------------------------------------------------
@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("store")
    with EmbeddedStore(folder) as s:
        s.put_many(sample_items())
    return folder


runner = CliRunner()


def test_cli_ask_json_equals_the_api(store: Path):
    result = runner.invoke(
        app, ["ask", "methods-compressing", "BERT", "--json", "--store", str(store)]
    )
    assert result.exit_code == 0, result.output
    expected = ask_embedded(GRAPH, "methods-compressing", model="BERT").model_dump()
    assert json.loads(result.stdout) == expected


def test_cli_ask_table_and_list(store: Path):
    result = runner.invoke(
        app, ["ask", "top-entities", "Model", "--limit", "1", "--store", str(store)]
    )
    assert result.exit_code == 0, result.output
    assert "BERT" in result.stdout and "DistilBERT" not in result.stdout
    listing = runner.invoke(app, ["ask", "--list"])
    assert listing.exit_code == 0
    for question in list_questions():
        assert question.name in listing.stdout


def test_cli_ask_errors_exit_2_with_a_message(store: Path):
    result = runner.invoke(app, ["ask", "path", "BERT", "GLUE", "extra", "--store", str(store)])
    assert result.exit_code == 2
    assert "too many arguments" in result.stderr
    result = runner.invoke(app, ["ask", "entity", "nothing-like-it", "--store", str(store)])
    assert result.exit_code == 2 and "no entity matches" in result.stderr


def test_cli_entity_shows_the_entity_and_an_unreachable_neo4j_exits_3(store: Path):
    result = runner.invoke(app, ["ask", "entity", "bert base", "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert "BERT-large" in result.stdout and "Bidirectional Encoder" in result.stdout
    env = {"NEO4J_URI": "bolt://127.0.0.1:9", "NEO4J_PASSWORD": "x"}
    result = runner.invoke(app, ["ask", "entity", "BERT", "--neo4j"], env=env)
    assert result.exit_code == 3 and "cannot reach Neo4j" in result.stderr
