"""Stage 4, explain: each ranked product gets a `Reason` true to its record: evidence first, a
template sentence at once, a generated sentence (LangChain chain, embedded llama.cpp model) that
must pass the fact-checker to be shown."""
