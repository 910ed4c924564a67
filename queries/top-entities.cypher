// name: top-entities
// params: type (type), limit (int = 10)
// question: Which entities of TYPE (Model, Method, Dataset, Metric, Task) do the most papers mention?
// columns: name, key, type, papers
// papers: the number of distinct papers that mention or propose the entity.
MATCH (p:Paper)-[:MENTIONS|PROPOSES]->(e:Entity)
WHERE e.type = $type
WITH e, count(DISTINCT p) AS papers
RETURN e.name AS name, e.key AS key, e.type AS type, papers
ORDER BY papers DESC, key
LIMIT $limit
