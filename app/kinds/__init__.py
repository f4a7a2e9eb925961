"""The answer handlers, one module a kind: each takes the corpus and a query and returns (answer, query answered)."""
