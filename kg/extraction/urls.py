"""kg_urls: code and project URLs in the abstract, into `doc._.urls`."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from kg.extraction.extensions import text_of

_URL = re.compile(
    r"\b(?:https?://|www\.|(?:github|gitlab|huggingface)\.(?:com|co)/|bitbucket\.org/)[^\s<>\"'()\[\]{}]+",
    re.I,
)
_TRAILING = ".,;:!?*"
# Every _URL match contains one of these (lower-cased); most abstracts contain none.
_HINTS = ("http", "www.", "github.", "gitlab.", "huggingface.", "bitbucket.")


def _may_have_url(text: str) -> bool:
    """Cheap pre-check before the regex. Only for ASCII text (str.isascii is O(1)):
    under re.I a few non-ASCII letters match ASCII ones that str.lower() would not give."""
    if not text.isascii():
        return True
    lowered = text.lower()
    return any(hint in lowered for hint in _HINTS)


def find_urls(text: str) -> list[str]:
    urls: list[str] = []
    if not _may_have_url(text):
        return urls
    for m in _URL.finditer(text):
        url = m.group(0).rstrip(_TRAILING)
        if not url.lower().startswith(("http://", "https://")):
            url = "https://" + url
        if url not in urls:
            urls.append(url)
    return urls


class UrlFinder:
    def __call__(self, doc: Doc) -> Doc:
        doc._.urls = find_urls(text_of(doc))
        return doc


@Language.factory("kg_urls")
def make_urls(nlp: Language, name: str) -> UrlFinder:
    return UrlFinder()
