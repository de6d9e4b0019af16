"""The merchant's policies document, cut into passages that each keep their section heading."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A section longer than this is cut at its paragraphs, so one passage holds about one idea.
MAX_PASSAGE_CHARS = 500

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"\+?\d[\d ().-]{5,}\d")
# A sentence ends at . ! or ? before a capital or a quote; a list item is a sentence of its own.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(])|\n+")


@dataclass(frozen=True)
class Passage:
    """One answerable piece of the document: its section heading, its text, its place (0, 1, ...)."""

    section: str
    text: str
    position: int

    def sentences(self) -> list[str]:
        return split_sentences(self.text)


def split_document(markdown: str, max_chars: int = MAX_PASSAGE_CHARS) -> list[Passage]:
    """One passage per "## " section; a section over `max_chars` becomes one passage per paragraph.

    The "# " title, anything before the first "## " section (the document's note) and blockquotes
    are not answers and are left out; "### " subheadings stay in their section's text.
    """
    sections: list[tuple[str, list[str]]] = []
    for line in markdown.splitlines():
        if line.startswith("## "):
            sections.append((line[3:].strip(), []))
        elif sections and not line.lstrip().startswith(">") and not line.startswith("# "):
            sections[-1][1].append(line)
    passages: list[Passage] = []
    for heading, lines in sections:
        paragraphs = _paragraphs(lines)
        if not paragraphs:
            continue
        whole = "\n\n".join(paragraphs)
        for text in [whole] if len(whole) <= max_chars else paragraphs:
            passages.append(Passage(heading, text, len(passages)))
    return passages


def split_sentences(text: str) -> list[str]:
    """The sentences of a passage, in order; list items count as sentences ("- Email: ...")."""
    parts = (p.strip() for p in _SENTENCE_END.split(text))
    return [p[2:].strip() if p.startswith("- ") else p for p in parts if p]


def contact_details(passages: list[Passage]) -> str:
    """The email and phone of the document's contact section ("support@x.example or +1 555 0100"),
    "" when it has no section whose heading names contact, or no address or number in it."""
    text = " ".join(p.text for p in passages if "contact" in p.section.lower())
    found = [m.group().strip() for pattern in (_EMAIL, _PHONE) for m in pattern.finditer(text)][:2]
    return " or ".join(found)


def _paragraphs(lines: list[str]) -> list[str]:
    """Blank-line separated paragraphs, each on one line, except list items, which keep a line each."""
    paragraphs, current = [], []
    for line in [*lines, ""]:
        stripped = line.strip()
        if not stripped:
            if current:
                paragraphs.append("".join(current).strip())
            current = []
        elif re.match(r"[-*+] |\d+\. ", stripped):
            current.append(("\n" if current else "") + "- " + re.sub(r"^([-*+]|\d+\.) ", "", stripped))
        else:
            current.append((" " if current else "") + stripped)
    return paragraphs
