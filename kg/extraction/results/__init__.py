"""Reported numbers ("86.5% top-1 accuracy on ImageNet", "3.5x faster than X"): the
`kg_results` spaCy component and its parts.

`numbers` (figures as written: ranges, signs, units, "half"), `cues` (the cue book read
from `extractors/result_cues.json`), `finder` (the results of one sentence) and
`component` (the factory, writing `doc._.results`).

The package itself imports nothing: the graph stage reads the cue book (`cues`) without
loading spaCy; kg.extraction.pipeline imports `component`, which registers `kg_results`.
"""
