// name: methods-for-task
// params: task (entity)
// question: Which methods or models are applied to TASK?
// columns: subject, subject_key, subject_type, relation, object, object_key, object_type, papers, via
// A subject is an entity, or a paper whose own unnamed method is meant (subject_type Paper).
// via 'direct': an APPLIED_TO relation to TASK. via 'dataset': the subject is EVALUATED_ON a
// benchmark of TASK ($benchmarks: {task, dataset} keys from extractors/task_benchmarks.json;
// a dataset matches by key or family) and has no APPLIED_TO relation to it.
// Evidence: per paper (id, title) the sentence of the relation.
MATCH (o:Entity) WHERE o.key IN $task
CALL {
  WITH o
  MATCH (s)-[r:APPLIED_TO]->(o)
  RETURN s, r, 'direct' AS via
  UNION ALL
  WITH o
  MATCH (d:Entity)
  WHERE any(b IN $benchmarks WHERE b.task = o.key AND (d.key = b.dataset OR d.family = b.dataset))
  MATCH (s)-[r:EVALUATED_ON]->(d)
  WHERE NOT EXISTS { (s)-[:APPLIED_TO]->(o) }
  RETURN s, r, 'dataset' AS via
}
OPTIONAL MATCH (p:Paper {id: r.paper_id})
OPTIONAL MATCH (p)-[ms:MENTIONS]->(s)
OPTIONAL MATCH (p)-[mo:MENTIONS]->(o)
WITH s, o, via, p, coalesce(r.sentence, ms.sentence, mo.sentence) AS sentence
ORDER BY p.id, sentence
WITH s, o, via,
     collect(CASE WHEN p IS NULL THEN null
             ELSE {id: p.id, title: p.title, sentence: sentence} END) AS papers
RETURN coalesce(s.name, s.title) AS subject, coalesce(s.key, s.id) AS subject_key,
       coalesce(s.type, 'Paper') AS subject_type, 'APPLIED_TO' AS relation,
       o.name AS object, o.key AS object_key, o.type AS object_type, papers, via
ORDER BY via <> 'direct', size(papers) DESC, subject_key, object_key
