// Helper (not a question): the entities a name resolves to. $key is the normalized name
// (kg.graph.keys.entity_key); it matches an entity's key or any of its alias_keys, and the
// match widens to the whole family: up VARIANT_OF chains of size/version variants (kind
// 'variant'; a family by name, kind 'family', is not climbed) and down to every member.
// $family: 'all' (the above), 'variants' (size/version variants only, up and down),
// 'none' (the matched entities only: --exact, or a question that walks families itself).
// The alias match goes through the full-text index entity_alias_keys (keyword analyzer:
// each list element is one exact term; keys are letters and digits only, nothing to
// escape) and is then checked exactly; _resolve-entity-scan.cypher is the same rule
// without the index, for a database whose schema predates it.
CALL db.index.fulltext.queryNodes('entity_alias_keys', $key) YIELD node
WITH collect(node) AS hits
OPTIONAL MATCH (k:Entity {key: $key})
UNWIND [n IN hits WHERE n:Entity AND $key IN n.alias_keys] + [x IN [k] WHERE x IS NOT NULL] AS s
WITH DISTINCT s
MATCH climb = (s)-[:VARIANT_OF*0..]->(up:Entity)
WHERE ($family <> 'none' OR length(climb) = 0)
  AND all(r IN relationships(climb) WHERE coalesce(r.kind, 'variant') = 'variant')
MATCH down = (e:Entity)-[:VARIANT_OF*0..]->(up)
WHERE ($family <> 'none' OR length(down) = 0)
  AND ($family <> 'variants'
       OR all(r IN relationships(down) WHERE coalesce(r.kind, 'variant') = 'variant'))
WITH DISTINCT e
RETURN e.key AS key, e.name AS name, e.type AS type, coalesce(e.aliases, []) AS aliases,
       e.family AS family, coalesce(e.papers, 0) AS papers, coalesce(e.merged, []) AS merged
ORDER BY key
