// name: papers-with-code
// params: none
// question: Which papers link to their code, and what do they propose?
// columns: paper_id, title, repositories, proposes
MATCH (p:Paper)-[:HAS_CODE]->(repo:Repository)
WITH p, repo ORDER BY repo.url
WITH p, collect(repo.url) AS repositories
OPTIONAL MATCH (p)-[:PROPOSES]->(e:Entity)
WITH p, repositories, e ORDER BY e.name, e.key
RETURN p.id AS paper_id, p.title AS title, repositories, collect(e.name) AS proposes
ORDER BY paper_id
