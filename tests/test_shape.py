"""The CLI is a thin layer over the API: kg/cli imports only kg's public face."""

from __future__ import annotations

import ast
from pathlib import Path

import kg

CLI = Path(kg.__file__).parent / "cli"
PUBLIC = {"kg", "kg.api", "kg.errors", "kg.types"}


def kg_imports(path: Path) -> list[tuple[int, str]]:
    """(line, module or module.name) of every import of kg in a file, nested ones too."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
            if node.module == "kg":  # `from kg import viz` would reach past the face
                found += [
                    (node.lineno, f"kg.{alias.name}")
                    for alias in node.names
                    if alias.name not in kg.__all__
                ]
    return [(line, name) for line, name in found if name == "kg" or name.startswith("kg.")]


def test_cli_imports_only_the_public_face() -> None:
    files = sorted(CLI.glob("*.py"))
    assert len(files) >= 6
    wrong = [
        f"{path.name}:{line}: {name}"
        for path in files
        for line, name in kg_imports(path)
        if name not in PUBLIC and not name.startswith("kg.cli")
    ]
    assert wrong == []


def test_the_check_sees_a_private_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from kg.questions import ask\nfrom kg import viz, build\n")
    assert sorted(kg_imports(sample)) == [(2, "kg.questions"), (3, "kg"), (3, "kg.viz")]


# -- one normaliser ------------------------------------------------------------------------
def test_extraction_and_graph_share_one_entity_key() -> None:
    from kg.extraction.knowledge import canon_key, norm
    from kg.graph.keys import entity_key

    for name in ("BERT-α", "ＢＥＲＴ base", "C++ Transformer", "Straße-Net", "ResNet-50"):
        assert norm(name) == entity_key(name)
    assert entity_key("BERT-α") == "bertα" != entity_key("BERT")
    assert entity_key("ＢＥＲＴ base") == "bertbase" == entity_key("bert-BASE")
    assert entity_key("Straße") == entity_key("STRASSE")
    assert canon_key("BERT-αs") == "bertα"


# -- extraction's fingerprint --------------------------------------------------------------
def test_the_store_keys_extractions_by_extractions_own_fingerprint() -> None:
    from kg.extraction import fingerprint
    from kg.extraction.fingerprint import sources
    from kg.models import Paper
    from kg.stores.embedded import content_hash

    paper = Paper(id="t:1", title="A title", abstract="An abstract.")
    assert content_hash(paper) == content_hash(paper, fingerprint())
    assert any((root / "typing.json").is_file() for root in sources())


# -- the extractors/ loader ----------------------------------------------------------------
def test_a_missing_or_broken_extractor_file_is_a_config_error_naming_it(tmp_path: Path) -> None:
    import pytest

    from kg.errors import ConfigError
    from kg.extraction.knowledge import read_jsonl
    from kg.extraction.knowledge_files import load_json, load_lines
    from kg.extraction.typing_rules import typing_words

    with pytest.raises(ConfigError, match="typing.json: extractor file not found"):
        typing_words(str(tmp_path))
    (tmp_path / "heads.json").write_text('{"Model": ["net"],\n "Task": [}\n')
    with pytest.raises(ConfigError, match=r"heads.json:2: not JSON"):
        load_json(tmp_path / "heads.json")
    (tmp_path / "list.json").write_text("[1]")
    with pytest.raises(ConfigError, match="expected a JSON object, found array"):
        load_json(tmp_path / "list.json")
    assert load_json(tmp_path / "absent.json", optional=True) is None
    (tmp_path / "lex.jsonl").write_text('{"label": "Model", "pattern": "BERT"}\n\n{"label": 1}\n')
    with pytest.raises(ConfigError, match=r"lex.jsonl:3: a pattern needs"):
        read_jsonl(tmp_path / "lex.jsonl")
    (tmp_path / "stop.txt").write_text("# comment\nthe model  # trailing\n\n  data\n")
    assert load_lines(tmp_path / "stop.txt") == ["the model", "data"]


# -- what pruning drops reaches the build report and the stats -----------------------------
def test_pruning_counts_reach_the_build_report_and_the_stats(tmp_path: Path, kg_nlp) -> None:
    import kg
    from kg.extraction import extract

    data = Path(__file__).resolve().parent / "fixtures" / "graph" / "tiny.jsonl"
    papers = kg.read(data).papers
    expected: dict[str, int] = {}
    for extraction in extract(papers, kg_nlp):
        for reason, n in extraction.pruned.items():
            expected[reason] = expected.get(reason, 0) + n
    assert expected  # the fixture has relations outside their signature
    g = kg.build(data, store=tmp_path, nlp=kg_nlp)
    assert g.last_build is not None and g.last_build.pruned == expected
    assert g.stats()["pruned"] == expected
    assert kg.KnowledgeGraph.open(tmp_path).stats()["pruned"] == expected  # read back
