"""The MkDocs adapter: the only part of evidencekit that imports mkdocs."""
