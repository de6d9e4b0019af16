"""Finding candidates: the encoder, the persistent Chroma store, the BM25 index, hybrid fusion
under hard `Filters`, and the ranking metrics used to measure it."""
