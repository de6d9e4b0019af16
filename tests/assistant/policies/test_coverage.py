from assistant.policies.coverage import TOPICS, judge
from assistant.policies.words import content_words, stems_of

PASSAGES = ["Returns: You can return products within 30 days. Open your order in your account to start a return.",
            "Privacy: Conversations are kept for 24 hours and then deleted; you can delete yours at any time.",
            "Shipping: We ship to the United States only, including PO boxes. Standard delivery costs $4.95.",
            "Warranty: Every new product carries its manufacturer's warranty."]
STEMS = [stems_of(p) for p in PASSAGES]


def _judge(question: str, quote: str):
    return judge(question, content_words(question), stems_of(quote), STEMS)


def test_a_quote_holding_the_question_covers_it():
    coverage = _judge("can I send the headphones back?", PASSAGES[0])  # a product kind weighs nothing
    assert coverage.holds(0.56) and coverage.share == 1.0 and coverage.missing == ()


def test_a_subject_the_quote_lacks_refuses_even_when_the_rest_matches():
    coverage = _judge("how do I delete my account?", PASSAGES[1])  # "account" is elsewhere, not in the quote
    assert "account" in coverage.topics and not coverage.holds(0.0)
    for question, quote in [("do you ship to APO addresses?", PASSAGES[2]),
                            ("warranty on refurbished laptops?", PASSAGES[3]),
                            ("can I pick a delivery time slot?", PASSAGES[2])]:
        assert not _judge(question, quote).holds(0.0), question


def test_a_document_word_missing_from_the_quote_lowers_the_share():
    whole = _judge("how much is delivery to a po box?", PASSAGES[2])
    part = _judge("how much is delivery to a po box?", "Standard delivery costs $4.95.")
    assert whole.share == 1.0 and part.share < 1.0 and "box" in part.missing


def test_the_topics_are_stems():
    assert {"refurbish", "giftcard", "apo", "account"} <= TOPICS
