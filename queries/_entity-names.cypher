// Helper (not a question): every entity's key, alias keys, name and paper count, for
// "did you mean" suggestions when a name matches nothing (kg.questions.names.did_you_mean
// ranks them: close spellings first, then names containing the one typed).
MATCH (e:Entity)
RETURN e.key AS key, coalesce(e.alias_keys, []) AS alias_keys, e.name AS name,
       coalesce(e.papers, 0) AS papers
