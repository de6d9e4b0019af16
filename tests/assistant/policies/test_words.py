import pytest

from assistant.policies.words import content_words, covered, expand, stems_of


@pytest.mark.parametrize("question, expected", [
    ("Can I pay with bitcoin?", ["pay", "bitcoin"]),
    ("I want to send it back", ["return"]),  # a shopper's phrase becomes the document's word
    ("is there a fee for the blue one in 64gb?", ["fee"]),  # colours, units and numbers say nothing
    ("do you sell gift cards", ["sell", "giftcard"]),  # a two-word subject stays one word
])
def test_content_words(question, expected):
    assert content_words(question) == expected


@pytest.mark.parametrize("word, text", [
    ("swap", "We do not exchange products directly."),
    ("amex", "We accept American Express."),
    ("check", "We do not accept cheques."),
    ("crushed", "If a product arrives damaged, tell us."),
    ("parcel", "Orders ship within a day."),
    ("saturday", "Open Monday to Friday."),
    ("cost", "It is free for orders of $50 or more."),
    ("number", "Phone: +1 555 0199"),  # a text holding a number holds the word
    ("payments", "We accept payment by card."),  # a near form
])
def test_a_shoppers_word_is_covered_by_the_documents_word(word, text):
    assert covered(content_words(word)[0], stems_of(text))


@pytest.mark.parametrize("word, text", [
    ("refurbished", "Every new product carries its warranty."),
    ("account", "Conversations are deleted after 24 hours."),
    ("pricematch", "Prices can change at any time."),  # "price" is not "price match"
    ("swap", "Returns are free."),
])
def test_a_word_the_text_lacks_is_not_covered(word, text):
    assert not covered(content_words(word)[0], stems_of(text))


def test_expand_adds_the_documents_words_for_bm25():
    assert "return" in expand("can I send it back?").split()
    assert "cheque" in expand("mail you a check").split()
