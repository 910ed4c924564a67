"""The number parser of the results component (kg/extraction/results/numbers.py):
figures in the odd forms abstracts use, what is no figure, and properties over
generated text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extraction.results.numbers import find_numbers, parse_value, unit_of


def figures(text: str) -> list[tuple[str, str | None]]:
    return [(n.value, n.unit) for n in find_numbers(text) if n.sign != "±"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("reaches 86.5% top-1 accuracy", [("86.5", "%")]),
        ("is 3.5× faster", [("3.5", "x")]),
        ("about ≈3× cheaper", [("3", "x")]),
        ("a loss of 1.2e-3 on the test set", [("1.2e-3", None)]),
        ("cuts memory by 40–60%", [("60", "%")]),
        ("errors fall 18-24%", [("24", "%")]),
        ("from 46.6% to 51.4% F1", [("51.4", "%")]),
        ("up to 4x higher throughput", [("4", "x")]),
        ("compresses the model by 4times", [("4", "x")]),
        ("a gain of +2.65 points", [("2.65", "points")]),
        ("improves by 1.5 percentage points", [("1.5", "points")]),
        ("a 12 percent drop", [("12", "%")]),
        ("with 1,024 queries per second", [("1024", None)]),
        ("latency of 35 ms", [("35", "ms")]),
        ("LaTeX writes 5.2\\% here", [("5.2", "%")]),
        ("halves the cost, reducing it by half", [("50", "%")]),
        ("runs twice as fast", [("2", "x")]),
        ("cuts memory by four times", [("4", "x")]),
        ("outperforms it by sim2.4 AP", [("2.4", None)]),
        ("a detection accuracy between 0.6 and 0.8", [("0.8", None)]),
        ("0.04% ~ 32.91% higher accuracy", [("32.91", "%")]),
        ("an F-score of 65.3/66.5 on the test set", [("65.3", None), ("66.5", None)]),
        ("reduces the size by 1/3 to 2/3", []),
        ("trained on 5-digit times 3-digit products, it reaches 35times 3", [("3", None)]),
    ],
)
def test_odd_forms_parse(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert figures(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2:4 sparsity",
        "N:M patterns like 4:8",
        "an 8B model",
        "3.5T tokens",
        "4-bit weights",
        "GPT-3 and ResNet-50",
        "top-1",
        "a 4-layer model",
        "CIFAR-100",
        "v2.1-beta",
        "LLaMA-2-7B",
        "x86 hardware",
        "the 1st place",
        "H100s",
    ],
)
def test_digits_inside_names_and_ratios_are_no_figures(text: str) -> None:
    assert [(n.value, n.unit) for n in find_numbers(text) if n.unit] == []
    assert all(
        n.value not in {"2", "4", "8", "3.5", "3", "50", "1", "100"} or n.unit is None
        for n in find_numbers(text)
    )


def test_plus_minus_is_marked_so_it_can_be_skipped() -> None:
    signs = [(n.value, n.sign) for n in find_numbers("an F1 score of 91.71±0.10")]
    assert signs == [("91.71", ""), ("0.10", "±")]


def test_parse_value_and_units() -> None:
    assert parse_value("1,024") == 1024.0
    assert parse_value("−3") == -3.0
    assert parse_value("nan") is None and parse_value("inf") is None
    assert parse_value("half") is None
    assert unit_of("×") == "x" and unit_of(" percentage points") == "points"
    assert unit_of(None) is None and unit_of(" absolute points") == "points"


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_parses_without_error_and_spans_hold(text: str) -> None:
    for n in find_numbers(text):
        assert 0 <= n.start < n.end <= len(text)
        assert parse_value(n.value) == n.number or n.sign == "word"


@settings(max_examples=200, deadline=None)
@given(
    st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False),
    st.sampled_from(["%", "x", " points"]),
)
def test_a_written_figure_is_found_with_its_value(value, unit: str) -> None:
    written = f"{value:f}"
    found = list(find_numbers(f"Our model improves accuracy by {written}{unit} on the task."))
    assert len(found) == 1
    assert found[0].number == pytest.approx(float(written))
    assert found[0].unit == unit_of(unit)
