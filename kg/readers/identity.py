"""Paper identity and text normalization.

The identity rule is documented in kg/models.py and the README: an `id` given in the
input is kept; else the arXiv id where known (`arxiv:2106.09685`, version suffix dropped);
else `t:` plus the first 16 hex digits of the SHA-256 of the normalized title.
"""

from __future__ import annotations

import hashlib
import html
import re

# New-style ids (0704.0001 .. 2106.09685) and old-style ids (hep-th/9901001), each with an
# optional version suffix that identity drops.
_ARXIV_NEW = r"\d{4}\.\d{4,5}"
_ARXIV_OLD = r"[a-z][a-z.-]*/\d{7}"
_ARXIV_ID = re.compile(rf"^(?:arxiv:)?\s*({_ARXIV_NEW}|{_ARXIV_OLD})(?:v\d+)?$", re.IGNORECASE)
# URLs that name an arXiv paper: arxiv.org/abs|pdf/<id> and huggingface.co/papers/<id>.
_ARXIV_URL = re.compile(
    rf"(?:arxiv\.org/(?:abs|pdf)|huggingface\.co/papers)/({_ARXIV_NEW}|{_ARXIV_OLD})(?:v\d+)?",
    re.IGNORECASE,
)
_NON_ALNUM = re.compile(r"[\W_]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode_entities(text: str) -> str:
    """HTML character references left in metadata ("&#x2013;", "&amp;", "&nbsp;") as the
    characters they stand for, so names and offsets see the real text."""
    return html.unescape(text) if "&" in text else text


def normalize_space(text: str) -> str:
    """Collapse every run of whitespace (and stray control characters) to one space."""
    return " ".join(_CONTROL.sub(" ", text).split())


def normalize_title(title: str) -> str:
    """The form titles are compared in: lowercased, non-alphanumeric runs -> one space."""
    return _NON_ALNUM.sub(" ", title.lower()).strip()


def parse_arxiv_id(value: str) -> str | None:
    """`2106.09685v2`, `arXiv:2106.09685` or an arXiv/HF URL -> `2106.09685`; else None."""
    value = value.strip()
    match = _ARXIV_ID.match(value)
    if match:
        return match.group(1)
    match = _ARXIV_URL.search(value)
    return match.group(1) if match else None


def title_hash(title: str) -> str:
    digest = hashlib.sha256(normalize_title(title).encode("utf-8")).hexdigest()
    return f"t:{digest[:16]}"


def paper_id(title: str, arxiv_id: str | None = None, given_id: str | None = None) -> str:
    """The stable id of a paper (see the module docstring for the rule)."""
    if given_id is not None and given_id.strip():
        return given_id.strip()
    if arxiv_id:
        parsed = parse_arxiv_id(arxiv_id)
        if parsed:
            return f"arxiv:{parsed}"
    return title_hash(title)
