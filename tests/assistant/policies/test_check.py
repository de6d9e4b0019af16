import pytest

from assistant.policies.check import check_answer, problems

RETURNS = ("You can return most products within 30 days of delivery for a full refund. "
           "Returns of faulty products are free; for other returns we deduct a return shipping fee of $6.95.")
PAYMENT = ("We accept Visa, Mastercard, PayPal, Apple Pay and Google Pay. Your card is charged when the order ships. "
           "We do not accept cash, cheques or cryptocurrency.")
SHIPPING = "Standard delivery takes 3 to 5 business days and costs $4.95. Express delivery takes 1 to 2 business days."


@pytest.mark.parametrize("text, passage", [
    ("You have 30 days from delivery to return most products for a full refund.", RETURNS),
    ("Returns are accepted for thirty days after delivery.", RETURNS),
    ("Unless a product is faulty, a $6.95 return fee comes off the refund.", RETURNS),
    ("You can pay with PayPal, Apple Pay or a Visa card.", PAYMENT),
    ("Cash, cheques and cryptocurrency are not accepted.", PAYMENT),
    ("Standard delivery costs $4.95 and takes 3-5 business days.", SHIPPING),
])
def test_faithful_paraphrases_pass(text, passage):
    assert problems(text, passage) == []
    assert check_answer(text, passage)


@pytest.mark.parametrize("text, passage, problem", [
    ("You can return most products within 60 days.", RETURNS, "60"),  # a changed number
    ("The return fee is $5.95.", RETURNS, "5.95"),  # a changed amount
    ("Express delivery takes 2 weeks.", SHIPPING, "week"),  # an invented duration
    ("Refunds arrive within a month.", RETURNS, "month"),  # a duration with no number
    ("You can pay with Klarna.", PAYMENT, "Klarna"),  # a brand not in the passage
    ("Apple products can be returned within 30 days.", RETURNS, "Apple"),
    ("Cryptocurrency is accepted.", PAYMENT, "negation"),  # the passage says it is not
    ("You cannot return most products within 30 days.", RETURNS, "negation"),
])
def test_unsupported_claims_fail(text, passage, problem):
    found = problems(text, passage)
    assert not check_answer(text, passage)
    assert any(problem in p for p in found), found
