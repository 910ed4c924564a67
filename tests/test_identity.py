"""Paper identity: given id kept, else arXiv id without version, else a title hash."""

from __future__ import annotations

import hashlib
import re

import pytest

from kg.readers import normalize_space, normalize_title, paper_id, parse_arxiv_id


def expected_title_id(title: str) -> str:
    """The documented rule, written out independently of the implementation."""
    normalized = re.sub(r"[^0-9a-z]+", " ", title.lower()).strip()
    return "t:" + hashlib.sha256(normalized.encode()).hexdigest()[:16]


def test_given_id_is_kept_over_everything():
    assert paper_id("Some Title", arxiv_id="2106.09685", given_id="  my-id-7 ") == "my-id-7"


def test_blank_given_id_is_ignored():
    assert paper_id("Some Title", arxiv_id="2106.09685v3", given_id="  ") == "arxiv:2106.09685"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2106.09685", "2106.09685"),
        ("2106.09685v2", "2106.09685"),
        ("arXiv:2106.09685v12", "2106.09685"),
        ("https://arxiv.org/abs/2106.09685v2", "2106.09685"),
        ("http://arxiv.org/pdf/1910.01108v4", "1910.01108"),
        ("https://huggingface.co/papers/2004.02984", "2004.02984"),
        ("0704.0001", "0704.0001"),
        ("hep-th/9901001v1", "hep-th/9901001"),
        ("http://arxiv.org/abs/math.GT/0309136v1", "math.GT/0309136"),
    ],
)
def test_arxiv_ids_are_parsed_without_version(raw: str, expected: str):
    assert parse_arxiv_id(raw) == expected
    assert paper_id("Any title", arxiv_id=raw) == f"arxiv:{expected}"


@pytest.mark.parametrize("raw", ["", "not an id", "2106", "https://example.org/abs/x", "12345.6"])
def test_non_arxiv_values_fall_back_to_the_title_hash(raw: str):
    assert parse_arxiv_id(raw) is None
    assert paper_id("Attention Is All You Need", arxiv_id=raw) == expected_title_id(
        "Attention Is All You Need"
    )


def test_title_hash_matches_the_documented_rule():
    title = "LoRA: Low-Rank Adaptation of Large Language Models"
    result = paper_id(title)
    assert re.fullmatch(r"t:[0-9a-f]{16}", result)
    assert result == expected_title_id(title)


@pytest.mark.parametrize(
    "variant",
    [
        "lora: low-rank adaptation of large language models",
        "LoRA -- Low Rank Adaptation of Large Language Models!",
        "  LoRA:\tLow-Rank   Adaptation of Large Language Models  ",
        "LORA LOW RANK ADAPTATION OF LARGE LANGUAGE MODELS",
    ],
)
def test_title_variants_share_one_id(variant: str):
    assert paper_id(variant) == paper_id("LoRA: Low-Rank Adaptation of Large Language Models")


def test_different_titles_get_different_ids():
    assert paper_id("BERT for Everything") != paper_id("BERT for Nothing")


def test_normalize_title_and_space():
    assert normalize_title("  Q8BERT: Quantized 8Bit BERT ") == "q8bert quantized 8bit bert"
    assert normalize_title("Café—Über_Models") == "café über models"
    assert normalize_space(" a\t b\n\n c\x07d ") == "a b c d"
