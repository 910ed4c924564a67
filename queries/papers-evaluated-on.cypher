// name: papers-evaluated-on
// params: dataset (entity)
// question: Which papers evaluate a method or model on DATASET?
// columns: paper_id, title, subject, subject_key, dataset, dataset_key, sentence
// One row per (paper, evaluated subject, dataset); the subject is an entity, or the paper
// itself when its own method is unnamed.
MATCH (s)-[r:EVALUATED_ON]->(d:Entity)
WHERE d.key IN $dataset
OPTIONAL MATCH (p:Paper {id: r.paper_id})
RETURN r.paper_id AS paper_id, p.title AS title,
       coalesce(s.name, s.title) AS subject, coalesce(s.key, s.id) AS subject_key,
       d.name AS dataset, d.key AS dataset_key, r.sentence AS sentence
ORDER BY paper_id, subject_key, dataset_key
