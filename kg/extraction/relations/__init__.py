"""Relations between a paper's entities: the `kg_relations` spaCy component and its parts.

`component` (the factory), `text` (sentences and cue matches as token indices), `matching`
(cue rules applied to one sentence), `reference` (relations across sentences), `rules` and
`phrases` (the cue book read from `extractors/relation_cues.json`).
"""

from kg.extraction.relations import component  # noqa: F401  (registers kg_relations)
