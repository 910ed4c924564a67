// Helper (not a question): the entities a name resolves to. $key is the normalized name
// (kg.graph.keys.entity_key); it matches an entity's key or any of its alias_keys, and the
// match widens to the whole family: every entity linked to it by VARIANT_OF chains,
// up to the family and down to all the family's variants.
MATCH (s:Entity)
WHERE s.key = $key OR $key IN s.alias_keys
MATCH (s)-[:VARIANT_OF*0..]->(up:Entity)
MATCH (e:Entity)-[:VARIANT_OF*0..]->(up)
WITH DISTINCT e
RETURN e.key AS key, e.name AS name, e.type AS type, coalesce(e.aliases, []) AS aliases,
       e.family AS family, coalesce(e.papers, 0) AS papers
ORDER BY key
