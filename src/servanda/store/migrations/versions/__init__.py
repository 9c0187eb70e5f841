"""Migration revisions, one module each, oldest first by revision number."""
