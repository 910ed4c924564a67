// name: path
// params: a (entity), b (entity)
// question: How do A and B connect? The shortest paths (at most 6 hops, either direction) through papers and entities.
// columns: length, nodes, steps
// nodes: [{label, key, name}] from A to B; steps[i]: the sorted relationship types between
// nodes i and i+1, "TYPE>" pointing forward, "<TYPE" pointing back. Result nodes
// (reported figures) are not steps of a path.
MATCH (a:Entity) WHERE a.key IN $a
MATCH (b:Entity) WHERE b.key IN $b AND NOT b.key IN $a
MATCH found = allShortestPaths((a)-[*..6]-(b))
WHERE none(n IN nodes(found) WHERE n:Result)
WITH collect(found) AS paths
WITH paths, reduce(m = 7, x IN paths | CASE WHEN length(x) < m THEN length(x) ELSE m END) AS shortest
UNWIND paths AS found
WITH DISTINCT nodes(found) AS ns, shortest
WHERE size(ns) = shortest + 1
UNWIND range(0, size(ns) - 2) AS i
WITH ns, i, ns[i] AS x, ns[i + 1] AS y
MATCH (x)-[r]-(y)
WITH ns, i, CASE WHEN startNode(r) = x THEN type(r) + '>' ELSE '<' + type(r) END AS step
ORDER BY step
WITH ns, i, collect(DISTINCT step) AS steps
ORDER BY i
WITH ns, collect(steps) AS steps
RETURN size(ns) - 1 AS length,
       [n IN ns | {label: CASE WHEN n:Paper THEN 'Paper' WHEN n:Repository THEN 'Repository'
                           ELSE n.type END,
                   key: coalesce(n.key, n.id, n.url),
                   name: coalesce(n.name, n.title, n.url)}] AS nodes,
       steps
ORDER BY [n IN nodes | n.key]
