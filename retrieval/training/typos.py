"""Shoppers' typos, one generator for every place that needs them: the retriever's and the
parser's training queries, and the typo rows of `shopassist eval retrieval --typos`.

A slip changes one letter of one word: a letter dropped ("wirless"), doubled ("moniitor"),
swapped with the next ("speakre") or replaced by a key next to it on a QWERTY keyboard
("laptoo"). The first letter stays (people rarely miss it, and the spelling corrector and the
encoder both lean on it), and words under four letters or with anything but letters ("hp",
"usb-c", "rtx3080") are left alone. Seeded through the caller's `random.Random`.
"""

from __future__ import annotations

import random

MIN_LENGTH = 4  # shorter words are left alone: a slip in "hp" or "tv" is another word
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _neighbours() -> dict[str, str]:
    """Each letter's neighbouring keys on a QWERTY keyboard: left, right, and the keys above and
    below that touch it (rows are staggered, so "g" touches "t", "y", "b" and "v")."""
    out: dict[str, str] = {}
    for r, row in enumerate(_ROWS):
        for c, key in enumerate(row):
            near = [row[c - 1] if c else "", row[c + 1] if c + 1 < len(row) else ""]
            if r > 0:  # the row above is shifted half a key to the left
                near += [_ROWS[r - 1][c:c + 2]]
            if r + 1 < len(_ROWS):
                near += [_ROWS[r + 1][max(c - 1, 0):c + 1]]
            out[key] = "".join(near)
    return out


NEIGHBOURS = _neighbours()


def can_typo(word: str) -> bool:
    """Whether `typo` may change `word`: letters only, at least MIN_LENGTH of them."""
    return len(word) >= MIN_LENGTH and word.isalpha()


def typo(word: str, rng: random.Random) -> str:
    """`word` with one slip: a dropped, doubled, swapped or neighbouring-key letter, never the
    first; a word `can_typo` refuses comes back as it is. A swap of two equal letters may also
    give the word back unchanged."""
    if not can_typo(word):
        return word
    i = rng.randrange(1, len(word) - 1)
    op = rng.choice("dsxn")
    if op == "d":
        return word[:i] + word[i + 1:]
    if op == "s":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if op == "x":
        return word[:i] + word[i] + word[i:]
    near = NEIGHBOURS.get(word[i].lower())
    if not near:  # a letter off the keyboard ("é"): drop it instead
        return word[:i] + word[i + 1:]
    key = rng.choice(near)
    return word[:i] + (key.upper() if word[i].isupper() else key) + word[i + 1:]


def typo_in(text: str, rng: random.Random) -> str:
    """`text` with one slip in one of the words `typo` may change, chosen at random; text with
    no such word comes back as it is."""
    words = text.split(" ")
    eligible = [i for i, w in enumerate(words) if can_typo(w)]
    if not eligible:
        return text
    i = rng.choice(eligible)
    words[i] = typo(words[i], rng)
    return " ".join(words)
