"""The retrieve stage: hybrid search under the query's hard constraints."""

from __future__ import annotations

from assistant.core.types import Candidate, Intent, ParsedQuery
from retrieval.search.hybrid import HybridSearch

# Intents that need fresh candidates; the others act on what was already shown.
SEARCHING = {Intent.SEARCH, Intent.REFINE, Intent.CHEAPER, Intent.PRICIER, Intent.SHOW_MORE}


class HybridRetriever:
    def __init__(self, search: HybridSearch, k: int = 50) -> None:
        self.search = search
        self.k = k

    def retrieve(self, query: ParsedQuery) -> list[Candidate]:
        c = query.constraints
        if query.intent not in SEARCHING or (not c.query and c.filters.is_empty()):
            return []
        return self.search.search(c.query, c.filters, k=self.k)
