// kg graph schema for Neo4j 5: uniqueness constraints and indexes.
// Generated from kg/types.py by `python -m kg.neo4j.schema`; do not edit by hand
// (tests/test_graph_schema.py checks this file against the types).
// Every statement is idempotent (IF NOT EXISTS); `kg load` runs them before loading.
CREATE CONSTRAINT paper_id IF NOT EXISTS FOR (n:Paper) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT entity_key IF NOT EXISTS FOR (n:Entity) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT repository_url IF NOT EXISTS FOR (n:Repository) REQUIRE n.url IS UNIQUE;
CREATE CONSTRAINT result_key IF NOT EXISTS FOR (n:Result) REQUIRE n.key IS UNIQUE;
CREATE INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name);
CREATE INDEX entity_type IF NOT EXISTS FOR (n:Entity) ON (n.type);
CREATE INDEX entity_family IF NOT EXISTS FOR (n:Entity) ON (n.family);
CREATE FULLTEXT INDEX entity_alias_keys IF NOT EXISTS FOR (n:Entity) ON EACH [n.alias_keys] OPTIONS {indexConfig: {`fulltext.analyzer`: 'keyword'}};
CREATE INDEX result_paper_id IF NOT EXISTS FOR (n:Result) ON (n.paper_id);
CREATE INDEX result_kind IF NOT EXISTS FOR (n:Result) ON (n.kind);
CREATE INDEX rel_compresses_paper_id IF NOT EXISTS FOR ()-[r:COMPRESSES]-() ON (r.paper_id);
CREATE INDEX rel_evaluated_on_paper_id IF NOT EXISTS FOR ()-[r:EVALUATED_ON]-() ON (r.paper_id);
CREATE INDEX rel_outperforms_paper_id IF NOT EXISTS FOR ()-[r:OUTPERFORMS]-() ON (r.paper_id);
CREATE INDEX rel_based_on_paper_id IF NOT EXISTS FOR ()-[r:BASED_ON]-() ON (r.paper_id);
CREATE INDEX rel_applied_to_paper_id IF NOT EXISTS FOR ()-[r:APPLIED_TO]-() ON (r.paper_id);
CREATE INDEX rel_uses_paper_id IF NOT EXISTS FOR ()-[r:USES]-() ON (r.paper_id);
CREATE INDEX rel_measured_by_paper_id IF NOT EXISTS FOR ()-[r:MEASURED_BY]-() ON (r.paper_id);
CREATE INDEX rel_mentions_paper_id IF NOT EXISTS FOR ()-[r:MENTIONS]-() ON (r.paper_id);
CREATE INDEX rel_proposes_paper_id IF NOT EXISTS FOR ()-[r:PROPOSES]-() ON (r.paper_id);
CREATE INDEX rel_has_code_paper_id IF NOT EXISTS FOR ()-[r:HAS_CODE]-() ON (r.paper_id);
CREATE INDEX rel_variant_of_paper_id IF NOT EXISTS FOR ()-[r:VARIANT_OF]-() ON (r.paper_id);
CREATE INDEX rel_reports_paper_id IF NOT EXISTS FOR ()-[r:REPORTS]-() ON (r.paper_id);
CREATE INDEX rel_result_of_paper_id IF NOT EXISTS FOR ()-[r:RESULT_OF]-() ON (r.paper_id);
CREATE INDEX rel_in_metric_paper_id IF NOT EXISTS FOR ()-[r:IN_METRIC]-() ON (r.paper_id);
CREATE INDEX rel_on_dataset_paper_id IF NOT EXISTS FOR ()-[r:ON_DATASET]-() ON (r.paper_id);
CREATE INDEX rel_for_task_paper_id IF NOT EXISTS FOR ()-[r:FOR_TASK]-() ON (r.paper_id);
CREATE INDEX rel_compared_to_paper_id IF NOT EXISTS FOR ()-[r:COMPARED_TO]-() ON (r.paper_id);
