// name: new-datasets
// params: none
// question: Which datasets and benchmarks do papers introduce?
// columns: dataset, dataset_key, papers
// Evidence: per proposing paper (id, title) the sentence where it first mentions the dataset.
MATCH (p:Paper)-[:PROPOSES]->(d:Entity)
WHERE d.type = 'Dataset'
OPTIONAL MATCH (p)-[m:MENTIONS]->(d)
WITH d, p, m.sentence AS sentence
ORDER BY p.id, sentence
WITH d, collect({id: p.id, title: p.title, sentence: sentence}) AS papers
RETURN d.name AS dataset, d.key AS dataset_key, papers
ORDER BY dataset_key
