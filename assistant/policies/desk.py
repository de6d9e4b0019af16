"""The policy desk: a shopper's question about the shop answered from the merchant's policies document.

Passages are ranked by dense (the encoder) and lexical (BM25) search fused by reciprocal rank; of
the CANDIDATES closest, the first whose quote (quote.py) covers the question (coverage.py) answers,
quoting those sentences and naming its section, or, with a generator, paraphrasing them, shown only
if the paraphrase passes `check_answer`. A question no quote covers gets "I don't know" and the
contact details the document gives, never an invented policy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import bm25s
import numpy as np

from assistant.policies.check import check_answer
from assistant.policies.coverage import Coverage, judge, weights
from assistant.policies.document import Passage, contact_details, split_document, split_sentences
from assistant.policies.quote import pick, sentence_scores
from assistant.policies.store import PassageStore
from assistant.policies.words import content_words, expand, stems_of
from retrieval.search.encoder import Encoder
from retrieval.search.lexical import tokenize

if TYPE_CHECKING:
    from chromadb.api import ClientAPI

# Tuned on tests/assistant/policies/dev_questions.csv and dev2_questions.csv with the packaged MiniLM: 0.54 is the
# lowest MIN_COVERAGE that refuses every unanswerable dev question; 0.56 leaves a margin.
MIN_SCORE = 0.3  # the best sentence's cosine with the question, under which nothing answers
MIN_COVERAGE = 0.56  # the weighted share of the question's content words the quote must hold (coverage.py) ...
SURE_SCORE = 0.6  # ... unless the best sentence is this close a match
ALL_WORDS_SCORE = 0.15  # ... or the quote holds every content word, through the synonyms ("swap" / "exchange")
# Words that ask about a policy as a whole, not a detail of it ("how do returns work", "payment options").
GENERAL_WORDS = frozenset({"work", "option", "rule", "info", "inform", "detail", "term", "condit", "polici", "general"})
LEAD_SENTENCES = 2  # what a section says first: "You can return most products within 30 days ... The product must be ..."
RRF_K = 10  # few passages: a small k lets the top ranks of each search count
CANDIDATES = 2  # the passages tried, closest first: the first whose quote covers the question answers

# The paraphrase prompt; the generator's output must pass check_answer against the passage.
PROMPT_V1 = (
    "Answer the shopper's question in one or two plain sentences, using only the shop policy below. "
    "Do not add anything the policy does not say.\n\nPolicy ({section}): {passage}\n\nQuestion: {question}\nAnswer:"
)


@dataclass(frozen=True)
class PolicyAnswer:
    """The reply to a policy question; `answered` False is "I don't know" (then section and passage are "")."""

    question: str
    answered: bool
    text: str
    section: str
    passage: str
    score: float


class PolicyDesk:
    """Answers questions about the shop from its policies document (`answer`).

    `document`: the Markdown text, or a Path to read it from. `store`: a Chroma client or a folder
    for a persistent one (the product store's folder is fine: the collection is its own).
    `generator`: optional `prompt -> text` that paraphrases the quote; None quotes.
    """

    def __init__(self, document: str | Path, encoder: Encoder, store: str | Path | ClientAPI, *,
                 generator: Callable[[str], str] | None = None, min_score: float = MIN_SCORE,
                 min_coverage: float = MIN_COVERAGE, sure_score: float = SURE_SCORE,
                 all_words_score: float = ALL_WORDS_SCORE) -> None:
        if isinstance(document, Path):
            if not document.is_file():
                raise FileNotFoundError(f"policies file {document} does not exist; set `policies_file` to the "
                                        "merchant's Markdown policies")
            document = document.read_text(encoding="utf-8")
        passages = split_document(document)
        if not passages:
            raise ValueError("the policies document has no '## ' sections; give each policy a '## Heading' and "
                             "its text below it")
        self._encoder = encoder
        self._generator = generator
        self.min_score, self.min_coverage, self.sure_score = min_score, min_coverage, sure_score
        self.all_words_score = all_words_score
        self._store = PassageStore(store, encoder)
        self.resynced = self._store.sync(passages)
        self.passages, self._vectors = self._store.load()  # (n_passages, dim)
        self._stems = [stems_of(f"{p.section} {p.text}") for p in self.passages]
        self._bm25 = bm25s.BM25()
        self._bm25.index(tokenize([f"{p.section} {p.text}" for p in self.passages]), show_progress=False)
        self._sentences = [split_sentences(p.text) for p in self.passages]
        flat = [s for sentences in self._sentences for s in sentences]
        vectors = encoder.encode(flat) if flat else np.zeros((0, encoder.dim), dtype=np.float32)
        bounds = np.cumsum([0, *(len(s) for s in self._sentences)])
        self._sentence_vectors = [vectors[a:b] for a, b in zip(bounds, bounds[1:])]  # each (n_sentences, dim)
        self.contact = contact_details(self.passages)

    def answer(self, question: str) -> PolicyAnswer:
        """The policy that answers `question`, quoted (or paraphrased and checked) with its section named."""
        question = " ".join(str(question).split())
        if not question:
            raise ValueError("the question is empty; ask about returns, shipping, warranty, payment or contact")
        q = self._encoder.encode([question])[0]  # (dim,)
        words = content_words(question)
        lead = self._section_asked(words)
        if lead is not None:
            quote = " ".join(self._sentences[lead][:LEAD_SENTENCES])
            return self._answer(question, self.passages[lead], quote, float((self._sentence_vectors[lead] @ q).max()))
        weighed = weights(words, self._stems)
        first_score = None
        for position in self._ranked(question, q)[:CANDIDATES]:
            passage, sentences = self.passages[position], self._sentences[position]
            cosines = self._sentence_vectors[position] @ q  # (n_sentences,)
            chosen = pick(sentences, sentence_scores(words, sentences, cosines, weighed), words)
            quote = " ".join(sentences[i] for i in chosen)
            score = float(cosines.max())
            first_score = score if first_score is None else first_score
            if self._covers(score, judge(question, words, stems_of(f"{passage.section} {quote}"), self._stems)):
                return self._answer(question, passage, quote, score)
        return PolicyAnswer(question, False, self.refusal(), "", "", first_score or 0.0)

    def _section_asked(self, words: list[str]) -> int | None:
        """The first passage of the section a question asks about as a whole ("what is your return policy?",
        "shipping?"): every word of it names the section's heading, the heading's first among them ("refund
        how long" asks a detail of "Returns and refunds"). Its answer is what the section says first, not
        whichever later sentence happens to be closest."""
        asked = set(words) - GENERAL_WORDS
        if not asked:
            return None
        seen: set[str] = set()
        for i, passage in enumerate(self.passages):
            heading = content_words(passage.section)
            if passage.section not in seen and heading and heading[0] in asked and asked <= set(heading):
                return i
            seen.add(passage.section)
        return None

    def _answer(self, question: str, passage: Passage, quote: str, score: float) -> PolicyAnswer:
        text = f"From our “{passage.section}” policy: “{quote}”"
        if self._generator is not None:
            paraphrase = " ".join(self._generator(PROMPT_V1.format(
                section=passage.section, passage=passage.text, question=question)).split())
            if paraphrase and check_answer(paraphrase, passage.text):
                text = f"From our “{passage.section}” policy: {paraphrase}"
        return PolicyAnswer(question, True, text, passage.section, passage.text, score)

    def _covers(self, score: float, coverage: Coverage) -> bool:
        """Whether the quote answers: it names every policy subject the question names, and it is close enough
        and holds enough of the question's words, or is very close, or holds them all and is not far off."""
        if coverage.topics:
            return False
        return (score >= self.min_score and coverage.share >= self.min_coverage) or score >= self.sure_score or \
            (coverage.share >= 0.999 and score >= self.all_words_score)

    def refusal(self) -> str:
        """"I don't know", with the ways to reach a person that the document's contact section gives."""
        reach = (f"You can reach a person at {self.contact}, or ask me for a person and I'll hand you over."
                 if self.contact else "Ask me for a person and I'll hand you over.")
        return f"I don't know that one: it isn't in our shop policies. {reach}"

    def _ranked(self, question: str, q: np.ndarray) -> list[int]:
        """The passages, closest first: dense and BM25 ranks fused (a passage is as close as its closest sentence)."""
        dense = np.maximum(self._vectors @ q, [float((v @ q).max(initial=-1.0)) for v in self._sentence_vectors])
        tokens = [t for t in content_words(expand(question)) if t in self._bm25.vocab_dict]
        lexical = self._bm25.get_scores(tokens) if tokens else np.zeros(len(self.passages))
        fused = _rrf(dense) + _rrf(lexical) * (lexical > 0) + 1e-6 * dense  # ties go to the closer passage
        return [int(i) for i in np.argsort(-fused, kind="stable")]


def _rrf(scores: np.ndarray) -> np.ndarray:
    ranks = np.empty(len(scores), dtype=np.int64)
    ranks[np.argsort(-scores, kind="stable")] = np.arange(len(scores))
    return 1.0 / (RRF_K + 1 + ranks)
