"""Normalized keys: how entity names and repository URLs are compared and merged.

Both the graph assembly and the question argument resolution use these, so that
"BERT-base", "bert base" and "BERT Base" all land on the same key. `entity_key` is
kg.keys's (the one normaliser, which extraction uses too), re-exported here.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from kg.keys import entity_key

__all__ = ["CODE_HOSTS", "NOT_CODE_HOSTS", "entity_key", "repository_url"]

CODE_HOSTS = frozenset(
    {"github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "huggingface.co", "sr.ht"}
)
"""Hosts where the first path segments (owner/name) identify a repository."""

NOT_CODE_HOSTS = frozenset(
    {
        "arxiv.org",
        "doi.org",
        "dx.doi.org",
        "aclanthology.org",
        "aclweb.org",
        "openreview.net",
        "semanticscholar.org",
        "paperswithcode.com",
        "scholar.google.com",
        "youtube.com",
        "youtu.be",
        "twitter.com",
        "x.com",
    }
)
"""Hosts of papers, videos and posts rather than of code or project pages."""

_TRAILING = ".,;:)]}>'\""


def repository_url(url: str) -> str | None:
    """The canonical form of a code or project URL, or None when it is not one.

    Code-host URLs are cut to owner/name (a ``.git`` suffix and deep links dropped);
    paper hosts (arXiv, DOI, OpenReview, ...) are not repositories.

    >>> repository_url("https://GitHub.com/huggingface/transformers/tree/main/src.")
    'https://github.com/huggingface/transformers'
    >>> repository_url("https://arxiv.org/abs/2106.09685") is None
    True
    """
    url = url.strip().rstrip(_TRAILING)
    if not re.match(r"^https?://", url, re.IGNORECASE):
        url = "https://" + url
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    if not host or "." not in host:
        return None
    if host in NOT_CODE_HOSTS or any(host.endswith("." + h) for h in NOT_CODE_HOSTS):
        return None
    segments = [s for s in parts.path.split("/") if s]
    if host in CODE_HOSTS:
        keep = 3 if host == "huggingface.co" and segments[:1] in (["datasets"], ["spaces"]) else 2
        if host == "huggingface.co" and segments[:1] == ["papers"]:
            return None
        if len(segments) < keep:
            return None
        segments = segments[:keep]
        segments[-1] = segments[-1].removesuffix(".git")
    path = "/".join(segments)
    return f"https://{host}/{path}" if path else f"https://{host}"
