"""`kg extract` end to end: input ids kept, one JSON object a paper, summary on stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from kg.cli import app


def test_kg_extract_writes_one_object_per_paper(tmp_path: Path):
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps(
            {
                "id": "paper-a",
                "title": "Flarp: Counting Sheep",
                "abstract": "We distill RoBERTa into Flarp and evaluate on SuperGLUE.",
            }
        )
        + "\n"
        + json.dumps({"id": "paper-b", "title": "Plain title", "abstract": "Nothing named here."})
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["extract", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [x["id"] for x in lines] == ["paper-a", "paper-b"]
    a = lines[0]
    assert a["proposes"] == ["Flarp"]
    assert {"name": "SuperGLUE", "type": "Dataset"}.items() <= next(
        e for e in a["entities"] if e["name"] == "SuperGLUE"
    ).items()
    assert "papers: 2" in result.stderr if hasattr(result, "stderr") else True


def test_kg_extract_reports_missing_input(tmp_path: Path):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "kg.cli",
            "extract",
            str(tmp_path / "nope.jsonl"),
            "-o",
            str(tmp_path / "o.jsonl"),
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
