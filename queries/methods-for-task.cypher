// name: methods-for-task
// params: task (entity)
// question: Which methods or models are applied to TASK?
// columns: subject, subject_key, subject_type, relation, object, object_key, object_type, papers
// A subject is an entity, or a paper whose own unnamed method is meant (subject_type Paper).
// Evidence: per paper (id, title) the sentence of the relation.
MATCH (s)-[r:APPLIED_TO]->(o:Entity)
WHERE o.key IN $task
OPTIONAL MATCH (p:Paper {id: r.paper_id})
OPTIONAL MATCH (p)-[ms:MENTIONS]->(s)
OPTIONAL MATCH (p)-[mo:MENTIONS]->(o)
WITH s, type(r) AS relation, o, p, coalesce(r.sentence, ms.sentence, mo.sentence) AS sentence
ORDER BY p.id, sentence
WITH s, relation, o,
     collect(CASE WHEN p IS NULL THEN null
             ELSE {id: p.id, title: p.title, sentence: sentence} END) AS papers
RETURN coalesce(s.name, s.title) AS subject, coalesce(s.key, s.id) AS subject_key,
       coalesce(s.type, 'Paper') AS subject_type, relation,
       o.name AS object, o.key AS object_key, o.type AS object_type, papers
ORDER BY size(papers) DESC, subject_key, relation, object_key
