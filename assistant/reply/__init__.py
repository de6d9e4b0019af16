"""Stage 5, reply: the text and the product cards the shopper sees, built from one list so they
agree; comparison tables and answers about a shown product read the records."""
