"""Products and search, knowing nothing about dialogue: catalog/ reads any catalog into `Product`
records (with the versioned vocabularies of colours, product types and words), search/ finds
candidates (encoder, Chroma store, BM25, hybrid fusion, filters), training/ fine-tunes the encoder."""
