// name: results-for
// params: entity (entity)
// question: Which figures are reported for ENTITY (or a member of its family)?
// columns: subject, subject_key, kind, value, unit, metric, dataset, task, compared_to, paper_id, title, sentence
// Every result whose subject is the entity, one of its variants or its family; absolute
// before relative, then by metric (nulls last), paper and position in the paper.
MATCH (r:Result)-[:RESULT_OF]->(e:Entity)
WHERE e.key IN $entity
OPTIONAL MATCH (p:Paper {id: r.paper_id})
RETURN e.name AS subject, e.key AS subject_key, r.kind AS kind, r.value AS value,
       r.unit AS unit, r.metric AS metric, r.dataset AS dataset, r.task AS task,
       r.compared_to AS compared_to, r.paper_id AS paper_id, p.title AS title,
       r.sentence AS sentence
ORDER BY subject_key, kind, metric IS NULL, toLower(metric), paper_id, r.key
