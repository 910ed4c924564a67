// name: results-for
// params: entity (entity)
// question: Which figures are reported for ENTITY (or a member of its family), and against it?
// columns: role, entity, entity_key, subject, kind, value, unit, metric, dataset, task, compared_to, paper_id, title, sentence
// role `subject`: the result is the entity's own (a score it reaches, a gain it makes);
// role `baseline`: another system's result measured against the entity ("3x faster than
// BERT"). Subjects first, then by entity, absolute before relative, metric (nulls last),
// paper and position in the paper. `subject` is `@paper` for a paper's unnamed method.
MATCH (r:Result)-[link:RESULT_OF|COMPARED_TO]->(e:Entity)
WHERE e.key IN $entity
OPTIONAL MATCH (r)-[:RESULT_OF]->(s:Entity)
OPTIONAL MATCH (p:Paper {id: r.paper_id})
WITH r, e, s, p, CASE type(link) WHEN 'RESULT_OF' THEN 'subject' ELSE 'baseline' END AS role
RETURN role, e.name AS entity, e.key AS entity_key, coalesce(s.name, r.subject) AS subject,
       r.kind AS kind, r.value AS value, r.unit AS unit, r.metric AS metric,
       r.dataset AS dataset, r.task AS task, r.compared_to AS compared_to,
       r.paper_id AS paper_id, p.title AS title, r.sentence AS sentence
ORDER BY role DESC, entity_key, kind, metric IS NULL, toLower(metric), paper_id, r.key
