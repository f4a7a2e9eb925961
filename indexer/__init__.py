"""Indexer: read annual reports, parse their tables into facts, build the search index."""
