"""kg_contributions: what the paper itself introduces (PROPOSES).

Cues: the title's own name (contributions/title.py: "Wool-T: Scaling up ...",
a model the title names, "Neural Turing Machines", "... with Pointer-Generator Networks",
an acronym of the title's head) and the abstract's cues (contributions/clauses.py:
"we propose / introduce / present X", "called / dubbed / named / termed X", "X, a novel
...", "a ... mechanism is proposed", coined lower-case phrases). The name is a Model
when the paper presents it as a model or network, a Dataset when it is a dataset or
benchmark, otherwise a Method (GUIDELINES.md).
Each rule is a function over one paper's `Context` (contributions/context.py).
Candidates go to `doc._.candidates` with a `contribution:*` rule; kg_entities turns them
into `doc._.proposes`.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from kg.extraction.coinage import contribution_cues, contribution_type
from kg.extraction.contributions import clauses, title
from kg.extraction.contributions.context import Context, listed_starts
from kg.extraction.contributions.title import title_name
from kg.extraction.knowledge import stoplist

__all__ = ["ContributionFinder", "contribution_type", "title_name"]

# In this order: title names first (later rules skip names already found), then the
# names common lexicons list, then the abstract's cues, then the title's acronyms.
_BEFORE_LISTED = (title.title_names,)
_AFTER_LISTED = (
    clauses.proposed,
    clauses.listed_items,
    clauses.appositions,
    clauses.called,
    clauses.our_long_forms,
    title.title_abbreviations,
    title.title_models,
)


class ContributionFinder:
    def __init__(self, folder: str | None = None):
        self.folder = folder
        self.stop = stoplist(folder)
        self.cues = contribution_cues(folder)

    def __call__(self, doc: Doc) -> Doc:
        ctx = Context.of(doc, self.folder, self.stop, self.cues)
        for rule in _BEFORE_LISTED:
            rule(ctx)
        ctx.listed = listed_starts(ctx)
        for rule in _AFTER_LISTED:
            rule(ctx)
        return doc


@Language.factory("kg_contributions", default_config={"folder": None})
def make_contributions(nlp: Language, name: str, folder: str | None) -> ContributionFinder:
    return ContributionFinder(folder)
