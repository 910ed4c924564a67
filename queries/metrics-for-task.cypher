// name: metrics-for-task
// params: task (entity)
// question: Which metrics measure work on TASK (MEASURED_BY in a paper that applies a method to TASK)?
// columns: metric, metric_key, task, task_key, papers
// Evidence: per paper (id, title) the sentence naming the metric.
MATCH ()-[a:APPLIED_TO]->(t:Entity)
WHERE t.key IN $task
MATCH ()-[m:MEASURED_BY]->(x:Entity)
WHERE m.paper_id = a.paper_id
OPTIONAL MATCH (p:Paper {id: m.paper_id})
WITH DISTINCT x, t, p, m.sentence AS sentence
ORDER BY p.id, sentence
WITH x, t, collect(CASE WHEN p IS NULL THEN null
                   ELSE {id: p.id, title: p.title, sentence: sentence} END) AS papers
RETURN x.name AS metric, x.key AS metric_key, t.name AS task, t.key AS task_key, papers
ORDER BY size(papers) DESC, metric_key, task_key
