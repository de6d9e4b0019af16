"""Intent cues and content words (their patterns and stop words are data: vocab/words.v1.yaml)."""

from __future__ import annotations

import pytest

from assistant.core.types import Intent
from assistant.parse.cues import STOPWORDS, content_words, cued_kind, find_intent


@pytest.mark.parametrize("text, intent", [
    ("start over", Intent.START_OVER), ("can I talk to a real person?", Intent.HUMAN_AGENT), ("help", Intent.HELP),
    ("compare the first two", Intent.COMPARE), ("I really like the second one", Intent.FEEDBACK),
    ("show me more", Intent.SHOW_MORE), ("cheaper", Intent.CHEAPER), ("cheaper than $50", None),
    ("more expensive ones", Intent.PRICIER), ("tell me more about the Dell", Intent.ASK_PRODUCT),
    ("hi there!", Intent.SMALL_TALK), ("hi, I need a laptop", None), ("gaming laptop", None),
    ("I need help finding a mouse", None),
])
def test_find_intent(text, intent):
    assert find_intent(text) is intent


def test_content_words_drop_stop_words_and_keep_model_numbers():
    assert content_words("I am looking for an iPhone 7 case, please") == ["iphone", "7", "case"]
    assert content_words("show me something good") == []


def test_stop_words_come_from_the_word_table():
    assert {"the", "please", "budget"} <= STOPWORDS and "laptop" not in STOPWORDS


@pytest.mark.parametrize("text, kind, span, expected", [
    ("Google Pixel 3 unlocked", "", None, "smartphone"),  # only phones are sold unlocked
    ("unlocked iPhone case", "case", (16, 20), "case"),  # a type phrase the cue does not take in stands
    ("Apple Watch Series 4 bands", "", None, "watch band"),
    ("Fitbit Charge 3 straps under $15", "", None, "watch band"),
    ("phone clips for running", "smartphone", (0, 5), "holder"),  # the accessory, not the device in it
    ("a phone with a good camera", "smartphone", (2, 7), "smartphone"),
    ("a wireless mouse", "mouse", (11, 16), "mouse")])
def test_cued_kind(text, kind, span, expected):
    assert cued_kind(text, kind, span) == expected


def test_questions_reactions_and_questions_about_the_assistant():
    from assistant.parse.cues import about_the_assistant, is_question, is_reaction

    assert is_question("and how much") and is_question("meaning?") and not is_question("a tripod under $50")
    assert about_the_assistant("how do I filter?") and not about_the_assistant("how much is it?")
    assert is_reaction("not interested") and is_reaction("perfect!") and not is_reaction("thanks")
    assert not is_reaction("this would be a perfect gift for my dad who loves hiking")  # too long for a verdict


def test_contractions_leave_no_stray_letters():
    from assistant.parse.cues import content_words

    assert content_words("i'm looking for a printer from HP") == ["printer", "hp"]
    assert content_words("it’s for my son's laptop") == ["son", "laptop"]
