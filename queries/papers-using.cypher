// name: papers-using
// params: entity (entity)
// question: Which papers mention, use or propose ENTITY?
// columns: paper_id, title, entity, entity_key, proposes, sentence
// One row per (paper, entity); sentence is where the paper first mentions it.
MATCH (p:Paper)-[:MENTIONS|PROPOSES]->(e:Entity)
WHERE e.key IN $entity
WITH DISTINCT p, e
OPTIONAL MATCH (p)-[m:MENTIONS]->(e)
RETURN p.id AS paper_id, p.title AS title, e.name AS entity, e.key AS entity_key,
       EXISTS { (p)-[:PROPOSES]->(e) } AS proposes, m.sentence AS sentence
ORDER BY paper_id, entity_key
