"""Reported numbers ("86.5% top-1 accuracy on ImageNet", "3.5x faster than X"): the
`kg_results` spaCy component and its parts.

`numbers` (figures as written: ranges, signs, units, "half"), `cues` (the cue book read
from `extractors/result_cues.json`), `finder` (the results of one sentence) and
`component` (the factory, writing `doc._.results`).
"""

from kg.extraction.results import component  # noqa: F401  (registers kg_results)
