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


def find_urls(text: str) -> list[str]:
    urls: list[str] = []
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
