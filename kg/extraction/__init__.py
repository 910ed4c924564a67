"""Extraction: spaCy components that find entities, contributions and relations."""
