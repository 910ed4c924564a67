// name: derived-from
// params: model (entity)
// question: Which models are built on, initialised from, or variants of MODEL or of a member of its family, transitively?
// columns: subject, subject_key, subject_type, relation, object, object_key, object_type, papers, path
// family: walked
// A subject is an entity, or a paper whose own unnamed method is meant (subject_type Paper).
// A row is one BASED_ON or VARIANT_OF edge (subject -> object) whose object is MODEL (its
// family included) or reaches it by a chain of such edges (at most 5). path: the names from
// the subject to MODEL along the shortest chain (ties: the smallest list of keys).
// Evidence: per paper (id, title) the sentence of the relation; VARIANT_OF has no sentence
// of its own: its evidence is the variant's first mention.
MATCH chain = (o:Entity)-[:BASED_ON|VARIANT_OF*0..5]->(m:Entity)
WHERE m.key IN $model
WITH o, chain ORDER BY length(chain), [n IN nodes(chain) | n.key]
WITH o, head(collect(chain)) AS chain
MATCH (s)-[r:BASED_ON|VARIANT_OF]->(o)
OPTIONAL MATCH (p:Paper {id: r.paper_id})
OPTIONAL MATCH (p)-[ms:MENTIONS]->(s)
OPTIONAL MATCH (p)-[mo:MENTIONS]->(o)
WITH s, type(r) AS relation, o, chain, p, coalesce(r.sentence, ms.sentence, mo.sentence) AS sentence
ORDER BY p.id, sentence
WITH s, relation, o, chain,
     collect(CASE WHEN p IS NULL THEN null
             ELSE {id: p.id, title: p.title, sentence: sentence} END) AS papers
RETURN coalesce(s.name, s.title) AS subject, coalesce(s.key, s.id) AS subject_key,
       coalesce(s.type, 'Paper') AS subject_type, relation,
       o.name AS object, o.key AS object_key, o.type AS object_type, papers,
       [coalesce(s.name, s.title)] + [n IN nodes(chain) | n.name] AS path
ORDER BY size(papers) DESC, subject_key, relation, object_key
