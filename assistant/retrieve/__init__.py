"""Stage 2, retrieve: a `ParsedQuery` becomes candidates that meet every hard constraint, via
the hybrid search of retrieval/search (the stage adapter; retrieval itself knows no dialogue)."""
