"""The one normaliser of entity names: how every part of kg compares them.

Extraction (grouping mentions, lexicon ids, stop-lists), the graph (node keys), question
arguments and both stores use `entity_key`, so "BERT-base", "bert base" and "BERT Base"
land on the same key everywhere. Non-ASCII names keep their letters: "BERT-α" is
"bertα", not "bert" (it would merge with BERT). The text is NFKC-normalised first
(full-width and compatibility forms become plain ones: "ＢＥＲＴ" is "bert", "x²" "x2")
and case-folded ("ß" matches "ss").

kg.graph.keys re-exports it; this module depends on nothing of kg, so extraction can
use it without importing the graph.
"""

from __future__ import annotations

import re
import unicodedata

_NOT_ASCII_ALNUM = re.compile(r"[^0-9a-z]+")


def entity_key(name: str) -> str:
    """The normalized canonical key of an entity name.

    NFKC, case-folded, "+" spelled "plus", letters and digits (of any script) only.

    >>> entity_key("BERT-base")
    'bertbase'
    >>> entity_key("C++ Transformer")
    'cplusplustransformer'
    >>> entity_key("BERT-α")
    'bertα'
    """
    if name.isascii():  # the common case, the same result without the per-letter loop
        return _NOT_ASCII_ALNUM.sub("", name.lower().replace("+", "plus"))
    text = unicodedata.normalize("NFKC", name).casefold().replace("+", "plus")
    return "".join(ch for ch in text if ch.isalnum())
