// Helper (not a question): names to suggest when nothing matches. $key is the normalized
// name; an entity is similar when its key or an alias key contains it.
MATCH (e:Entity)
WHERE e.key CONTAINS $key OR any(k IN coalesce(e.alias_keys, []) WHERE k CONTAINS $key)
RETURN e.name AS name
ORDER BY coalesce(e.papers, 0) DESC, e.key
LIMIT 5
