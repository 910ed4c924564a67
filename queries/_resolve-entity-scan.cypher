// Helper (not a question): the rule of _resolve-entity.cypher without the full-text
// index, by a scan of every entity's alias_keys: the fallback for a database loaded
// before the index existed (kg load creates it). $key is the normalized name.
MATCH (s:Entity)
WHERE s.key = $key OR $key IN s.alias_keys
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
