"""Where graphs live: the embedded on-disk store (no server) and the Neo4j loader."""
