"""Entity and relation types, defined once.

Cypher labels, relationship types, visualisation colours and shapes, and the
relation signatures used to prune extractions all derive from the tables here.
"""

from __future__ import annotations

from enum import StrEnum


class EntityType(StrEnum):
    MODEL = "Model"
    METHOD = "Method"
    DATASET = "Dataset"
    METRIC = "Metric"
    TASK = "Task"


class RelationType(StrEnum):
    COMPRESSES = "COMPRESSES"
    EVALUATED_ON = "EVALUATED_ON"
    OUTPERFORMS = "OUTPERFORMS"
    BASED_ON = "BASED_ON"
    APPLIED_TO = "APPLIED_TO"
    USES = "USES"
    MEASURED_BY = "MEASURED_BY"


class StructuralEdge(StrEnum):
    """Edges the graph adds around the extracted relations."""

    MENTIONS = "MENTIONS"  # Paper -> Entity
    PROPOSES = "PROPOSES"  # Paper -> Entity
    HAS_CODE = "HAS_CODE"  # Paper -> Repository
    VARIANT_OF = "VARIANT_OF"  # Model -> Model (size/version variant -> family)


class NodeLabel(StrEnum):
    PAPER = "Paper"
    ENTITY = "Entity"  # every entity node also carries its EntityType as a label
    REPOSITORY = "Repository"
    RESULT = "Result"  # a reported figure (kg.models.Result)


class ResultKind(StrEnum):
    ABSOLUTE = "absolute"  # a score reached: "80.1% top-1 accuracy"
    RELATIVE = "relative"  # a gain, reduction or ratio: "3.5x faster", "+2.6 points"


class ResultEdge(StrEnum):
    """Edges around a Result node."""

    REPORTS = "REPORTS"  # Paper -> Result
    RESULT_OF = "RESULT_OF"  # Result -> Entity (the subject; none for an unnamed @paper)
    IN_METRIC = "IN_METRIC"  # Result -> Metric entity
    ON_DATASET = "ON_DATASET"  # Result -> Dataset entity
    FOR_TASK = "FOR_TASK"  # Result -> Task entity
    COMPARED_TO = "COMPARED_TO"  # Result -> Entity (a named baseline)


PAPER_HEAD = "@paper"
"""Head of a relation whose subject is the paper's own, unnamed contribution."""

_CONTRIBUTION = frozenset({EntityType.METHOD, EntityType.MODEL})

RELATION_SIGNATURES: dict[RelationType, tuple[frozenset[EntityType], frozenset[EntityType]]] = {
    RelationType.COMPRESSES: (_CONTRIBUTION, frozenset({EntityType.MODEL})),
    RelationType.EVALUATED_ON: (_CONTRIBUTION, frozenset({EntityType.DATASET})),
    RelationType.OUTPERFORMS: (_CONTRIBUTION, _CONTRIBUTION),
    RelationType.BASED_ON: (_CONTRIBUTION, _CONTRIBUTION),
    RelationType.APPLIED_TO: (_CONTRIBUTION, frozenset({EntityType.TASK})),
    RelationType.USES: (
        _CONTRIBUTION,
        frozenset({EntityType.METHOD, EntityType.DATASET, EntityType.MODEL}),
    ),
    RelationType.MEASURED_BY: (_CONTRIBUTION, frozenset({EntityType.METRIC})),
}
"""Allowed (head types, tail types) per relation; a `@paper` head always passes."""

ENTITY_STYLE: dict[EntityType, dict[str, str]] = {
    EntityType.MODEL: {"color": "#4e79a7", "shape": "dot"},
    EntityType.METHOD: {"color": "#f28e2b", "shape": "diamond"},
    EntityType.DATASET: {"color": "#59a14f", "shape": "square"},
    EntityType.METRIC: {"color": "#b07aa1", "shape": "triangle"},
    EntityType.TASK: {"color": "#e15759", "shape": "star"},
}
NODE_STYLE: dict[NodeLabel, dict[str, str]] = {
    NodeLabel.PAPER: {"color": "#bab0ac", "shape": "box"},
    NodeLabel.REPOSITORY: {"color": "#76b7b2", "shape": "hexagon"},
    NodeLabel.RESULT: {"color": "#edc948", "shape": "ellipse"},
}

EXPORT_FORMATS = ("neo4j-admin", "jsonl", "csv", "graphml")
"""What `kg export` writes (kg.neo4j.export): bulk-import CSV, JSONL, an edge-list CSV, GraphML."""


def relation_allowed(rel: RelationType, head: EntityType | None, tail: EntityType) -> bool:
    """True when the relation's signature admits these types (`head=None` is `@paper`)."""
    heads, tails = RELATION_SIGNATURES[rel]
    return tail in tails and (head is None or head in heads)
