"""Fine-tuning the retrieval encoder on synthetic shopper queries (`shopassist train retriever`)."""
