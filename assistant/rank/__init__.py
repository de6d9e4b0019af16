"""Stage 3, rank: candidates become `Ranked` products, scored by a learned torch scorer (CPU, or
CUDA when present) over per-candidate features, with each feature's exact share of the score."""
