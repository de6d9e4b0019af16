"""The one typo generator: the slips shoppers make, seeded, leaving short words and first letters."""

from __future__ import annotations

import random

from retrieval.training.typos import NEIGHBOURS, can_typo, typo, typo_in


def test_typo_changes_one_letter_at_most_and_keeps_short_words():
    rng = random.Random(0)
    assert typo("hub", rng) == "hub"
    for _ in range(50):
        t = typo("speaker", rng)
        # The first letter never changes (a swap may move the last one: "speakre"); swapping two
        # equal letters could give the word back, though "speaker" has none side by side.
        assert abs(len(t) - len("speaker")) <= 1 and t[0] == "s" and t != "speaker"


def test_words_with_digits_or_signs_are_left_alone():
    rng = random.Random(1)
    for word in ("usb-c", "rtx3080", "4k", "tv", "hp", "m.2"):
        assert not can_typo(word) and typo(word, rng) == word


def test_each_kind_of_slip_occurs():
    rng = random.Random(2)
    seen = {typo("monitor", rng) for _ in range(300)}
    assert "mnitor" in seen or "moitor" in seen  # dropped
    assert "moonitor" in seen or "monnitor" in seen  # doubled
    assert "mnoitor" in seen or "moniotr" in seen  # swapped
    assert "mpnitor" in seen or "minitor" in seen  # a key next to "o"
    # every replacement is a neighbouring key of the letter it replaces
    for t in seen:
        if len(t) == len("monitor"):
            diffs = [(a, b) for a, b in zip("monitor", t) if a != b]
            if len(diffs) == 1:
                a, b = diffs[0]
                assert b in NEIGHBOURS[a], t


def test_neighbours_are_symmetric_keys_of_a_qwerty_keyboard():
    assert set(NEIGHBOURS["g"]) == set("fhtyvb")
    assert set(NEIGHBOURS["q"]) == set("wa")
    for key, near in NEIGHBOURS.items():
        assert key not in near
        assert all(key in NEIGHBOURS[n] for n in near), key


def test_typo_keeps_the_case_of_a_replaced_letter():
    rng = random.Random(3)
    for _ in range(50):
        t = typo("LAPTOP", rng)
        assert t[0] == "L" and t.isupper()


def test_typo_in_changes_one_eligible_word_and_is_seeded():
    text = "hp wireless mouse"
    a = [typo_in(text, random.Random(7)) for _ in range(3)]
    assert len(set(a)) == 1  # the same seed, the same slip
    rng = random.Random(4)
    for _ in range(40):
        words = typo_in(text, rng).split(" ")
        assert words[0] == "hp"  # too short to mistype
        changed = [w for w, o in zip(words, text.split(" ")) if w != o]
        assert len(changed) <= 1
    assert typo_in("hp tv 4k", rng) == "hp tv 4k"
