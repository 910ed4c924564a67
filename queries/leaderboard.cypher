// name: leaderboard
// params: dataset (entity), metric (string = all)
// question: Which scores are reported on DATASET (optionally for one METRIC), best first?
// columns: kind, metric, value, unit, subject, subject_key, paper_id, title, compared_to, sentence
// Absolute results (scores reached) come first, grouped by metric and ranked best first
// (higher is better unless the metric is one where lower is, e.g. perplexity or error:
// Result.lower_is_better); relative results (gains, ratios) follow apart, never ranked
// against absolute ones. METRIC matches a metric whose name contains it (case, spacing and
// punctuation ignored); `all` keeps every metric. The subject is the entity the result is
// for, or `@paper` when the paper's own method is unnamed.
MATCH (r:Result)-[:ON_DATASET]->(d:Entity)
WHERE d.key IN $dataset
WITH DISTINCT r
WITH r, reduce(s = '', c IN split(toLower($metric), '') |
               s + CASE WHEN c =~ '[a-z0-9]' THEN c ELSE '' END) AS wanted,
        reduce(s = '', c IN split(toLower(coalesce(r.metric, '')), '') |
               s + CASE WHEN c =~ '[a-z0-9]' THEN c ELSE '' END) AS have
WHERE $metric = 'all' OR (r.metric IS NOT NULL AND have CONTAINS wanted)
OPTIONAL MATCH (r)-[:RESULT_OF]->(e:Entity)
OPTIONAL MATCH (p:Paper {id: r.paper_id})
WITH r, e, p,
     coalesce(CASE WHEN r.lower_is_better THEN -r.number ELSE r.number END, -1.0e300) AS score
RETURN r.kind AS kind, r.metric AS metric, r.value AS value, r.unit AS unit,
       coalesce(e.name, r.subject) AS subject, e.key AS subject_key,
       r.paper_id AS paper_id, p.title AS title, r.compared_to AS compared_to,
       r.sentence AS sentence
ORDER BY kind, metric IS NULL, toLower(metric), score DESC, paper_id, r.key
