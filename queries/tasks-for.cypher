// name: tasks-for
// params: entity (entity)
// question: Which tasks is ENTITY applied to, directly or in the papers that propose, use or evaluate it?
// columns: subject, subject_key, subject_type, relation, object, object_key, object_type, papers, via
// family: variants
// via 'direct': an APPLIED_TO relation from ENTITY (its family included) to the task.
// via 'paper': a task mentioned by a paper that proposes ENTITY or states a relation with
// it (uses, builds on, evaluates, compresses, compares), when no direct relation links them.
// via 'dataset': ENTITY is EVALUATED_ON a benchmark of the task ($benchmarks: {task, dataset}
// keys from extractors/task_benchmarks.json, a dataset matching by key or family), when no
// direct relation links them.
// Evidence: per paper (id, title) the sentence of the relation, or where the paper names the task.
MATCH (s:Entity) WHERE s.key IN $entity
CALL {
  WITH s
  MATCH (s)-[r:APPLIED_TO]->(t:Entity)
  OPTIONAL MATCH (p:Paper {id: r.paper_id})
  OPTIONAL MATCH (p)-[ms:MENTIONS]->(s)
  OPTIONAL MATCH (p)-[mt:MENTIONS]->(t)
  RETURN t, p, coalesce(r.sentence, ms.sentence, mt.sentence) AS sentence, 'direct' AS via
  UNION
  WITH s
  MATCH (p:Paper)-[:MENTIONS|PROPOSES]->(s)
  WHERE EXISTS { (p)-[:PROPOSES]->(s) }
     OR EXISTS { MATCH (s)-[x]-() WHERE x.paper_id = p.id
                 AND NOT type(x) IN ['MENTIONS', 'PROPOSES', 'VARIANT_OF'] }
  MATCH (p)-[mt:MENTIONS]->(t:Entity)
  WHERE t.type = 'Task' AND NOT t.key IN $entity AND NOT EXISTS { (s)-[:APPLIED_TO]->(t) }
  RETURN t, p, mt.sentence AS sentence, 'paper' AS via
  UNION
  WITH s
  MATCH (s)-[r:EVALUATED_ON]->(d:Entity)
  UNWIND [b IN $benchmarks WHERE d.key = b.dataset OR d.family = b.dataset | b.task] AS task
  MATCH (t:Entity {key: task})
  WHERE t.type = 'Task' AND NOT t.key IN $entity AND NOT EXISTS { (s)-[:APPLIED_TO]->(t) }
  OPTIONAL MATCH (p:Paper {id: r.paper_id})
  OPTIONAL MATCH (p)-[ms:MENTIONS]->(s)
  RETURN t, p, coalesce(r.sentence, ms.sentence) AS sentence, 'dataset' AS via
}
WITH DISTINCT s, t, via, p, sentence
ORDER BY p.id, sentence
WITH s, t, via, collect(CASE WHEN p IS NULL THEN null
                        ELSE {id: p.id, title: p.title, sentence: sentence} END) AS papers
RETURN s.name AS subject, s.key AS subject_key, s.type AS subject_type,
       'APPLIED_TO' AS relation, t.name AS object, t.key AS object_key, t.type AS object_type,
       papers, via
ORDER BY CASE via WHEN 'direct' THEN 0 WHEN 'paper' THEN 1 ELSE 2 END, size(papers) DESC,
         subject_key, object_key
