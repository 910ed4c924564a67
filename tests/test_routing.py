"""Plain-English questions: routes, refusals, names, did-you-mean, hostile text, the CLI.

The graph is tests/questions_samples.py's small hand-made graph (BERT and its variants,
LLaMA-2 7B, GLUE, SQuAD, question answering, ...). Routes are checked on sentences
written here, not on the evaluation questions of ../shared/eval.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from questions_samples import sample_graph, sample_items
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import ConfigError, QuestionError, Refusal
from kg.questions import ask_embedded
from kg.questions.catalog import catalog
from kg.questions.intent import LinearModel, cue_classes, load_model, model_path, tokenize
from kg.questions.routing import MAX_CHARS, Router, clean_text
from kg.stores.embedded import EmbeddedStore

GRAPH = sample_graph()
ROUTER = Router(GRAPH)
runner = CliRunner()


@pytest.mark.parametrize(
    ("text", "question", "params"),
    [
        ("which methods compress BERT?", "methods-compressing", {"model": "BERT"}),
        ("how can I make roberta smaller", "methods-compressing", {"model": "RoBERTa"}),
        ("papers that evaluate on GLUE", "papers-evaluated-on", {"dataset": "GLUE"}),
        (
            "which papers mention knowledge distillation",
            "papers-using",
            {"entity": "knowledge distillation"},
        ),
        (
            "what methods are used for question answering",
            "methods-for-task",
            {"task": "question answering"},
        ),
        (
            "how is text classification evaluated?",
            "metrics-for-task",
            {"task": "text classification"},
        ),
        ("models derived from llama", "derived-from", {"model": "LLaMA"}),
        ("what beats BERT", "outperforming", {"entity": "BERT"}),
        ("what is DistilBERT used for", "tasks-for", {"entity": "DistilBERT"}),
        ("tell me about SQuAD", "entity", {"entity": "SQuAD"}),
        ("how are BERT and GLUE connected?", "path", {"a": "BERT", "b": "GLUE"}),
        ("top 5 datasets", "top-entities", {"type": "Dataset", "limit": 5}),
        ("most popular metrics", "top-entities", {"type": "Metric"}),
        ("which papers have code on github", "papers-with-code", {}),
        ("new benchmarks introduced by papers", "new-datasets", {}),
    ],
)
def test_plain_english_routes_to_a_canned_question(text, question, params):
    route = ROUTER.route(text)
    assert route.question == question
    for name, value in params.items():
        assert route.params[name] == value
    assert str(route).startswith(f"→ {question}")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("which methods compress BRET?", "BERT"),  # a typo of a graph name
        ("what beats bert-BASE", "BERT-base"),  # case and punctuation
        ("what is llama 2 7b", "LLaMA-2 7B"),  # spaces for hyphens
        ("papers evaluated on the GLUE benchmark", "GLUE"),  # generic words around a name
    ],
)
def test_names_resolve_fuzzily_to_the_graphs_spelling(text, name):
    route = ROUTER.route(text)
    assert name in route.params.values()
    param = next(k for k, v in route.params.items() if v == name)
    assert route.resolved[param], "a resolved name carries its entities"


def test_a_name_the_graph_lacks_still_routes_and_the_answer_suggests():
    route = ROUTER.route("which methods compress ZetaFormerXL?")
    assert route.question == "methods-compressing"
    assert route.params == {"model": "ZetaFormerXL"}
    assert route.resolved == {"model": []}
    with pytest.raises(QuestionError, match="no entity matches 'ZetaFormerXL'"):
        ask_embedded(GRAPH, route.question, **route.params)


@pytest.mark.parametrize(
    "text",
    [
        "who wrote the BERT paper?",
        "which authors work on question answering",
        "how many GPUs were used to train RoBERTa",
        "when was GLUE published?",
        "summarise the paper",
        "delete all papers",
        "what is the weather in Paris today",
    ],
)
def test_questions_the_catalogue_cannot_answer_are_refused_with_the_closest(text):
    with pytest.raises(Refusal) as info:
        ROUTER.route(text)
    assert "kg ask --list" in info.value.hint
    assert "closest: kg ask" in info.value.hint


HOSTILE = [
    "",
    "   ",
    "\x00\x01\x02",
    "?!?",
    "MATCH (n) DETACH DELETE n",
    "'; DROP TABLE papers; --",
    "}) DETACH DELETE n //",
    "BERT" * 2500,
    "which methods compress " + "x" * 10_000,
    "what\x00 beats\tBERT\u200b?",
    "{model}",
    "\u202e\u0645\u0631\u062d\u0628\u0627",
    "🤖🤖",
    "top -5 datasets",
    "top 99999999999999999999 models",
    "path",
    "a b c d e f g h i j",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_gives_a_route_or_a_refusal(text):
    try:
        route = ROUTER.route(text)
    except QuestionError as error:
        assert error.exit_code == 2 and "\n" not in error.render()
        return
    assert route.question in catalog()
    assert len(str(route)) < 2 * MAX_CHARS


def test_control_characters_are_dropped_and_long_text_refused():
    assert clean_text("what\x00 beats\n\tBERT\u200b?") == "what beats BERT ?"
    with pytest.raises(Refusal, match="characters long"):
        ROUTER.route("which methods compress BERT " * 200)


def test_only_questions_in_the_catalog_are_routed_to():
    questions = {k: v for k, v in catalog().items() if k != "methods-compressing"}
    router = Router(GRAPH, questions=questions)
    try:
        route = router.route("which methods compress BERT?")
    except Refusal:
        return
    pytest.fail(f"routed to {route} without the question in the catalog")


@pytest.mark.parametrize(
    ("text", "question", "params"),
    [
        ("best models on SQuAD by F1", "leaderboard", {"dataset": "SQuAD", "metric": "F1"}),
        ("leaderboard for GLUE", "leaderboard", {"dataset": "GLUE"}),
        ("what results does BERT get", "results-for", {"entity": "BERT"}),
    ],
)
def test_results_questions_route_once_they_are_in_the_catalog(text, question, params):
    if question not in catalog():
        pytest.skip(f"{question} is not in the catalog on this branch")
    route = ROUTER.route(text)
    assert (route.question, {k: route.params.get(k) for k in params}) == (question, params)


def test_misspelled_question_names_get_a_did_you_mean():
    with pytest.raises(QuestionError, match="unknown question 'methods-compresing'") as info:
        ROUTER.route("methods-compresing BERT")
    assert "did you mean methods-compressing?" in info.value.hint


def test_unresolved_entities_suggest_close_spellings():
    with pytest.raises(QuestionError) as info:
        ask_embedded(GRAPH, "papers-evaluated-on", dataset="GLEU")
    assert "similar names: GLUE" in info.value.hint
    with pytest.raises(QuestionError) as info:
        ask_embedded(GRAPH, "entity", entity="BRET")
    assert "similar names: BERT" in info.value.hint


def test_neo4j_suggests_the_same_close_names(neo4j_driver):
    from kg.neo4j.loader import load_graph
    from kg.neo4j.questions import ask_neo4j

    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n")  # the database is shared
    load_graph(neo4j_driver, GRAPH)
    for name, close in (("BRET", "BERT"), ("GLEU", "GLUE")):
        with pytest.raises(QuestionError) as info:
            ask_neo4j(neo4j_driver, "entity", entity=name)
        assert f"similar names: {close}" in info.value.hint


def test_the_weights_are_data_with_their_held_out_figures():
    data = json.loads(model_path().read_text(encoding="utf-8"))
    figures = data["figures"]
    assert 0 < figures["route_accuracy"] <= 1 and 0 < figures["refusal_recall"] <= 1
    model = load_model()
    labels = set(model.intents.labels)
    assert "none" in labels
    missing = set(catalog()) - labels
    assert not missing, f"no paraphrases for {missing}: add queries/paraphrases/<name>.txt"


def test_paraphrase_slots_are_the_questions_parameters():
    folder = model_path().parent
    for path in folder.glob("*.txt"):
        question = catalog().get(path.stem)
        if question is None:
            continue
        names = {p.name for p in question.params}
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip() and not line.startswith("#"):
                slots = set(re.findall(r"\{([a-z_]+)\}", line))
                assert slots <= names, f"{path.name}:{number}: {slots - names}"


def test_cue_words_match_forms_prefixes_and_typos():
    assert "compress" in cue_classes("distillation")  # distil*
    assert "derive" in cue_classes("successors")  # successor*
    assert "metric" in cue_classes("metircs")  # a typo of metric*
    assert "paper" in cue_classes("papers")
    assert cue_classes("the") == () and cue_classes("bert") == ()


def test_weights_round_trip_through_their_json_form():
    model = load_model().intents
    again = LinearModel.from_json(json.loads(json.dumps(model.to_json())))
    assert again.labels == model.labels and again.index == model.index
    assert abs(again.weights - model.weights).max() < 1e-6


def test_damaged_weights_file_is_a_config_error_naming_it(tmp_path):
    damaged = tmp_path / "router.json"
    data = json.loads(model_path().read_text(encoding="utf-8"))
    del data["intents"]["weights_f32"]
    damaged.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_model(damaged)
    assert raised.value.where == str(damaged) and "weights_f32" in str(raised.value)
    load_model(model_path())  # the shipped file loads


def test_tokenizer_keeps_names_whole():
    words = [t.text for t in tokenize("compress LLaMA-2's GPT-3.5 and C++ models?")]
    assert words == ["compress", "LLaMA-2", "'s", "GPT-3.5", "and", "C++", "models", "?"]


# -- CLI and API ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("store")
    with EmbeddedStore(folder) as s:
        s.put_many(sample_items())
    return folder


def test_cli_dry_run_json_prints_the_route(store: Path):
    result = runner.invoke(
        app, ["ask", "which methods compress BERT?", "--dry-run", "--json", "--store", str(store)]
    )
    assert result.exit_code == 0, result.output
    route = json.loads(result.stdout)
    assert route["question"] == "methods-compressing" and route["params"] == {"model": "BERT"}
    assert "bert" in [e["key"] for e in route["resolved"]["model"]]
    plain = runner.invoke(
        app, ["ask", "which methods compress BERT?", "--dry-run", "--store", str(store)]
    )
    assert plain.stdout.strip() == "→ methods-compressing model=BERT"


def test_cli_prints_the_route_then_the_answer(store: Path):
    result = runner.invoke(
        app, ["ask", "which", "methods", "compress", "BERT", "--json", "--store", str(store)]
    )
    assert result.exit_code == 0, result.output
    assert "→ methods-compressing model=BERT" in result.stderr
    answer = json.loads(result.stdout)
    assert answer == ask_embedded(GRAPH, "methods-compressing", model="BERT").model_dump()


def test_cli_refusal_exits_2_with_one_line(store: Path):
    result = runner.invoke(app, ["ask", "who wrote the BERT paper?", "--store", str(store)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and "kg ask --list" in result.stderr


def test_cli_misspelled_question_name_exits_2_with_did_you_mean(store: Path):
    result = runner.invoke(app, ["ask", "methods-compresing", "BERT", "--store", str(store)])
    assert result.exit_code == 2 and "did you mean methods-compressing" in result.stderr


def test_api_ask_takes_plain_english(store: Path):
    from kg.api import KnowledgeGraph

    with KnowledgeGraph.open(store) as graph:
        answer = graph.ask("which methods compress BERT?")
        assert answer == graph.ask("methods-compressing", model="BERT")
        assert str(graph.route("top 3 models")) == "→ top-entities type=Model limit=3"
