"""`kg ask` and `kg stats` in an 80-column terminal: no line wider than the terminal,
relation names whole, long titles shortened with the paper id kept.

The real command runs as a subprocess with COLUMNS=80 on a store built from gold-record
extractions; kg.cli.render is also checked directly on invented rows.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from graph_samples import gold_store
from rich.cells import cell_len
from rich.console import Console
from typer.testing import CliRunner

from kg.api import KnowledgeGraph, get_question, positional
from kg.cli import _common as cli_common
from kg.cli import app
from kg.cli.render import print_answer_rows, stats_lines, wrap
from kg.types import RelationType

KG = Path(sys.executable).parent / "kg"
RELATIONS = [r.value for r in RelationType] + ["VARIANT_OF", "MENTIONS", "PROPOSES"]
LONG_TITLE = (
    "An Extremely Long Title About Parameter-Efficient Distillation of "
    "Bidirectional Transformers for Low-Resource Cross-Lingual Question Answering "
    "and Beyond"
)
TRIPLE = [
    "subject",
    "subject_key",
    "subject_type",
    "relation",
    "object",
    "object_key",
    "object_type",
    "papers",
]


def _kg(store: Path, *args: str, columns: int = 80) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": str(columns), "KG_STORE": str(store)}
    env.pop("FORCE_COLOR", None)
    return subprocess.run(
        [str(KG), *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def _too_wide(text: str, width: int) -> list[str]:
    return [line for line in text.splitlines() if cell_len(line) > width]


def _render(columns: list[str], rows: list[dict], width: int) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None)
    print_answer_rows(console, "q", columns, rows)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return gold_store(tmp_path_factory.mktemp("render-store"), 60)


def _top(graph: KnowledgeGraph, kind: str) -> str:
    return graph.ask("top-entities", type=kind, limit=1).rows[0]["name"]


@pytest.mark.parametrize("width", [80, 52])
def test_cards_fit_keep_relations_whole_and_shorten_titles(width: int) -> None:
    papers = [
        {
            "id": f"arxiv:2401.0000{i}",
            "title": LONG_TITLE,
            "sentence": "We evaluate DistilledQA-Multilingual-Large on TyDi QA. " * 4,
        }
        for i in range(5)
    ]
    rows = [
        {
            "subject": "DistilledQA-Multilingual-Large",
            "subject_type": "Model",
            "relation": rel,
            "object": "Cross-lingual question answering",
            "object_type": "Task",
            "papers": papers,
        }
        for rel in RELATIONS
    ]
    text = _render(TRIPLE, rows, width)
    assert _too_wide(text, width) == []
    words = set(re.findall(r"[A-Z_]{4,}", text))
    assert set(RELATIONS) <= words  # every relation name appears whole
    for i in range(3):  # the id whole, the title cut with an ellipsis
        assert re.search(rf"arxiv:2401\.0000{i}  An Extremely Long Title.*…", text)
    assert LONG_TITLE not in text.replace("\n", " ")
    assert "… and 2 more papers (--json has all)" in text


def test_short_answers_stay_a_table_and_long_fields_wrap() -> None:
    rows = [
        {"name": "BERT", "type": "Model", "papers": 50},
        {"name": "GPT-2", "type": "Model", "papers": 14},
    ]
    text = _render(["name", "key", "type", "papers"], rows, 80)
    assert "┃ name" in text and "BERT (Model)" in text and "│ 50" in text
    assert wrap("a " * 60, 20, "  ", lines=2)[-1].endswith("…")
    assert all(len(line) <= 20 for line in wrap("x" * 50 + " y", 20))
    summary = {
        "papers": 3,
        "entities": 2,
        "entities_by_type": {"Model": 2},
        "relations": 1,
        "relations_by_type": {"USES": 1},
        "repositories": 0,
        "structural_edges": {f"EDGE_TYPE_{i}": 1000 + i for i in range(9)},
        "dropped": {"relation from an entity to itself": 3},
    }
    lines = stats_lines(summary, 80)
    assert all(len(line) <= 80 for line in lines) and len(lines) > 9
    assert any("EDGE_TYPE_8 1008" in line for line in lines)


def test_kg_ask_and_stats_fit_80_columns(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process with the consoles at 80 columns (a subprocess each would be slow)."""
    for console in (cli_common.out, cli_common.err):
        monkeypatch.setattr(console, "width", 80)
    with KnowledgeGraph.open(store) as graph:
        model, dataset, task = _top(graph, "Model"), _top(graph, "Dataset"), _top(graph, "Task")
        asks = [
            ["methods-compressing", model],
            ["outperforming", model],
            ["entity", model],
            ["derived-from", model],
            ["tasks-for", model],
            ["results-for", model],
            ["papers-evaluated-on", dataset],
            ["leaderboard", dataset],
            ["methods-for-task", task],
            ["metrics-for-task", task],
            ["papers-using", model],
            ["papers-with-code"],
            ["new-datasets"],
            ["top-entities", "Method"],
            ["path", model, dataset],
        ]
        answers = {tuple(a): graph.ask(a[0], **positional(get_question(a[0]), a[1:])) for a in asks}
    runner = CliRunner()
    seen_relations: set[str] = set()
    for args in [*asks, ["--list"]]:
        result = runner.invoke(app, ["ask", *args, "--store", str(store)])
        assert result.exit_code == 0, (args, result.output)
        assert _too_wide(result.output, 80) == [], args
        rows = answers[tuple(args)].rows if args[0] != "--list" else []
        for row in rows[:20]:
            if row.get("relation"):
                assert re.search(rf"\b{row['relation']}\b", result.output), (args, row)
                seen_relations.add(row["relation"])
            papers = row.get("papers") if isinstance(row.get("papers"), list) else []
            for paper in papers[:3]:
                assert f"{paper['id']}  " in result.output  # the id kept, whatever the title
    assert len(seen_relations) >= 3
    stats = runner.invoke(app, ["stats", "--store", str(store)])
    assert stats.exit_code == 0 and _too_wide(stats.output, 80) == []


def test_a_real_80_column_terminal(store: Path) -> None:
    with KnowledgeGraph.open(store) as graph:
        model = _top(graph, "Model")
    result = _kg(store, "ask", "entity", model, columns=80)
    assert result.returncode == 0, result.stderr
    assert _too_wide(result.stdout + result.stderr, 80) == []
