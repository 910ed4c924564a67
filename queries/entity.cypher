// name: entity
// params: entity (entity)
// question: Everything the graph knows about ENTITY: its relations, variants and the papers mentioning or proposing it.
// columns: subject, subject_key, subject_type, relation, object, object_key, object_type, papers
// A subject is an entity, or a paper whose own unnamed method is meant (subject_type Paper).
// Evidence: per paper (id, title) the sentence of the relation.
// MENTIONS and PROPOSES rows gather all papers in one row (subject null, subject_type Paper).
// Figures (Result nodes) are left to results-for.
MATCH (e:Entity)-[x]-(n)
WHERE e.key IN $entity AND NOT n:Result
WITH DISTINCT x AS r
WITH CASE WHEN type(r) IN ['MENTIONS', 'PROPOSES'] THEN null ELSE startNode(r) END AS s,
     r, endNode(r) AS o, startNode(r) AS head
OPTIONAL MATCH (p:Paper {id: r.paper_id})
OPTIONAL MATCH (p)-[ms:MENTIONS]->(head)
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
