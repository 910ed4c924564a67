"""How `kg ask` answers look in a terminal: one card per answer row, fitted to the width.

A table with a column per field folds every cell into a few characters on an 80-column
terminal (relation names cut in two, titles one word a line). A card reads at any width:

    ERNIE-Tiny (Model) COMPRESSES BERT base (Model)
      t:0f9c3ff88ffc8e87  ERNIE-Tiny : A Progressive Distillation Framework for…
        “Empirical results demonstrate the effectiveness of our framework and
        generalization gain brought by ERNIE-Tiny. In particular, experiments…”

Lines are wrapped at spaces only, so a relation name (one word) is never cut; a title
is shortened to its line with the paper id kept whole; evidence sentences get at most
`SENTENCE_LINES` lines. Answers whose fields are all short (top-entities) stay a table.
`--json` gives everything unshortened.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

PAPERS_SHOWN = 3
"""Papers shown per answer row; --json gives every paper."""
SENTENCE_LINES = 3
"""Lines an evidence sentence may take before it is cut with '…'."""
HIDDEN_SUFFIXES = ("_key", "_type")
HIDDEN = frozenset({"steps", "type", "key"})
TEXT_COLUMNS = frozenset({"papers", "nodes", "paper_id", "title", "sentence"})
"""Columns drawn as paper lines or a path, not as `name: value` fields."""
SHORT = 24
"""A field up to this many characters may sit in a table column."""
INDENT = "  "


def shown_columns(columns: Sequence[str]) -> list[str]:
    return [c for c in columns if not c.endswith(HIDDEN_SUFFIXES) and c not in HIDDEN]


def wrap(text: str, width: int, indent: str = "", *, lines: int | None = None) -> list[str]:
    """`text` wrapped at spaces to `width` (hyphenated words and names kept whole).

    With `lines`, at most that many lines, the last ending in '…' when text was left out.
    """
    out = textwrap.wrap(
        " ".join(text.split()),
        width=max(width, len(indent) + 8),
        initial_indent=indent,
        subsequent_indent=indent,
        break_on_hyphens=False,
    ) or [indent.rstrip()]
    if lines is not None and len(out) > lines:
        out = out[:lines]
        out[-1] = shorten(out[-1] + " …", width)
    return out


def shorten(text: str, width: int) -> str:
    """One line of at most `width` characters, cut with '…' when too long."""
    return text if len(text) <= width else text[: max(width - 1, 0)].rstrip() + "…"


def paper_line(paper_id: str, title: str, width: int, indent: str) -> Text:
    """`id  title`: the id whole, the title shortened to what is left of the line."""
    line = Text(indent)
    line.append(str(paper_id), style="bold")
    rest = width - len(indent) - len(str(paper_id)) - 2
    if title and rest > 0:
        line.append("  " + shorten(" ".join(str(title).split()), rest), style="dim")
    return line


def _sentence(sentence: str | None, width: int, indent: str) -> list[Text]:
    if not sentence:
        return []
    quoted = f"“{' '.join(sentence.split())}”"
    return [
        Text(line, style="italic") for line in wrap(quoted, width, indent, lines=SENTENCE_LINES)
    ]


def _name(row: dict[str, Any], column: str) -> str:
    value = row.get(column)
    kind = row.get(f"{column}_type") or (row.get("type") if column == "name" else None)
    if column == "subject" and value is None:
        return "(papers)"
    if column == "path" and isinstance(value, list):
        return " → ".join(_plain(v) for v in value)
    return f"{value} ({kind})" if kind and value is not None else _plain(value)


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(_plain(v) for v in value)
    if isinstance(value, dict):
        return str(value.get("name") or value)
    return str(value)


def _styled(lines: Iterable[str], style: str = "") -> list[Text]:
    result = []
    for line in lines:
        text = Text(line, style=style)
        text.highlight_regex(r"\((Model|Method|Dataset|Metric|Task|Paper|papers)\)", "dim")
        result.append(text)
    return result


def _headline(row: dict[str, Any], fields: list[str], width: int) -> tuple[list[Text], list[str]]:
    """The row's first line(s) and the fields left for below it.

    `subject RELATION object` when the row has them, else the paper (id and title) when
    it is about a paper, else its first field.
    """
    if {"subject", "relation", "object"} <= set(fields):
        words = f"{_name(row, 'subject')} {row.get('relation') or ''} {_name(row, 'object')}"
        rest = [f for f in fields if f not in ("subject", "relation", "object")]
        return _styled(wrap(words, width), "bold"), rest
    if row.get("paper_id"):
        return [paper_line(row["paper_id"], row.get("title") or "", width, "")], fields
    if not fields:
        return [], fields
    return _styled(wrap(_name(row, fields[0]), width), "bold"), fields[1:]


def _fields(row: dict[str, Any], fields: list[str], width: int) -> list[Text]:
    """`name: value` pairs, several to a line when short, each value whole where it fits."""
    parts = [f"{f}: {_name(row, f)}" for f in fields if _plain(row.get(f)) != ""]
    lines: list[str] = []
    for part in parts:
        if lines and len(lines[-1]) + 3 + len(part) <= width:
            lines[-1] += " · " + part
        else:
            lines += wrap(part, width, INDENT)
    return _styled(line if line.startswith(INDENT) else INDENT + line for line in lines)


def _papers(row: dict[str, Any], width: int) -> list[Text]:
    papers = row.get("papers")
    lines: list[Text] = []
    if isinstance(papers, list):
        for paper in papers[:PAPERS_SHOWN]:
            lines.append(paper_line(paper.get("id", ""), paper.get("title", ""), width, INDENT))
            lines += _sentence(paper.get("sentence"), width, INDENT * 2)
        if len(papers) > PAPERS_SHOWN:
            more = f"… and {len(papers) - PAPERS_SHOWN} more papers (--json has all)"
            lines.append(Text(shorten(INDENT + more, width), style="dim"))
    lines += _sentence(row.get("sentence"), width, INDENT * 2)
    return lines


def _path(row: dict[str, Any]) -> str:
    """`A (Model) -[USES>]- B (Method) ...`: the nodes of a path and the relations between."""
    nodes, steps = row.get("nodes") or [], row.get("steps") or []
    words = []
    for i, node in enumerate(nodes):
        if i:
            words.append(f"-[{'|'.join(steps[i - 1]) if i - 1 < len(steps) else ''}]-")
        words.append(f"{node.get('name')} ({node.get('label')})")
    return " ".join(words)


def row_card(row: dict[str, Any], columns: Sequence[str], width: int) -> list[Text]:
    """The lines of one answer row, none wider than `width`."""
    fields = [c for c in shown_columns(columns) if c not in TEXT_COLUMNS]
    if "nodes" in columns:  # a path: the path is the headline
        lines = _styled(wrap(_path(row), width), "bold")
    else:
        lines, fields = _headline(row, fields, width)
    return lines + _fields(row, fields, width) + _papers(row, width)


def _fits_a_table(rows: list[dict[str, Any]], columns: list[str], width: int) -> bool:
    if set(columns) & TEXT_COLUMNS - {"papers"}:
        return False
    widths = [max([len(c)] + [len(_name(r, c)) for r in rows]) for c in columns]
    numbers = all(not isinstance(r.get("papers"), list) for r in rows)
    return numbers and max(widths, default=0) <= SHORT and sum(widths) + 3 * len(widths) <= width


def print_answer_rows(
    console: Console, question: str, columns: Sequence[str], rows: list[dict[str, Any]]
) -> None:
    """The answer rows as a table (all fields short) or one card per row."""
    width = max(console.width, 40)
    shown = shown_columns(columns)
    if _fits_a_table(rows, shown, width):
        table = Table(*shown, title=question, title_justify="left")
        for row in rows:
            table.add_row(*_styled(_name(row, c) for c in shown))
        console.print(table)
        return
    console.print(Text(question, style="bold underline"))
    for number, row in enumerate(rows):
        if number:
            console.print()
        for line in row_card(row, columns, width):
            console.print(line, no_wrap=True, overflow="ignore", crop=False)


def print_entities(console: Console, refs: Sequence[Any]) -> None:
    """The entities an argument resolved to: name, type, papers, family, aliases."""
    width = max(console.width, 40)
    console.print(Text("entities", style="bold underline"))
    for ref in refs:
        head = f"{ref.name} ({ref.type}) · {ref.papers} papers"
        if ref.family:
            head += f" · family: {ref.family}"
        for line in _styled(wrap(head, width), "bold"):
            console.print(line, no_wrap=True, overflow="ignore", crop=False)
        if ref.aliases:
            also = "also: " + ", ".join(ref.aliases)
            for text in wrap(also, width, INDENT, lines=3):
                console.print(Text(text), no_wrap=True, overflow="ignore", crop=False)


def stats_lines(summary: dict[str, Any], width: int) -> list[str]:
    """`kg stats` as aligned lines; long lists wrap under their value column."""
    lines = [f"papers:        {summary['papers']}", f"entities:      {summary['entities']}"]
    lines += [f"  {t:<14}{n}" for t, n in summary["entities_by_type"].items()]
    lines.append(f"relations:     {summary['relations']}")
    lines += [f"  {t:<14}{n}" for t, n in summary["relations_by_type"].items()]
    lines.append(f"repositories:  {summary['repositories']}")
    pad = " " * 15
    other = ", ".join(f"{t} {n}" for t, n in summary["structural_edges"].items())
    lines += textwrap.wrap(
        other,
        width,
        initial_indent="other edges:   ",
        subsequent_indent=pad,
        break_on_hyphens=False,
    )
    if summary.get("dropped"):
        dropped = ", ".join(f"{why}: {n}" for why, n in summary["dropped"].items())
        lines += wrapped_line("not placed:    ", dropped, width)
    return lines


def wrapped_line(label: str, value: str, width: int) -> list[str]:
    """`label value`, the value wrapped under its own column."""
    return textwrap.wrap(
        value,
        width,
        initial_indent=label,
        subsequent_indent=" " * len(label),
        break_on_hyphens=False,
    )
