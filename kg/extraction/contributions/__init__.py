"""The paper's own contribution: the `kg_contributions` spaCy component and its rules.

`component` (the factory), `title` (names in the title), `clauses` (the abstract's cues).
"""

from kg.extraction.contributions import component  # noqa: F401  (registers kg_contributions)
