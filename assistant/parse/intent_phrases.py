"""How shoppers phrase the intents that are not product requests (retrieval/catalog/vocab/
intent_phrases.v1.yaml): the templates of the parser's training data, and the source of the
command words the parser keeps apart from product words.

Slots: {ref} a shown product ("the second one", "the Dell"), {brand} a catalog brand, {type} a
product type.
"""

from __future__ import annotations

from assistant.core.types import Intent
from retrieval.catalog.vocabulary import table

TEMPLATES: dict[Intent, tuple[str, ...]] = {Intent(k): tuple(v) for k, v in table("intent_phrases").items()}
