import pytest

from assistant.policies.cue import is_policy_question


@pytest.mark.parametrize("message", [
    "what is your return policy?", "Can I return memory cards?", "How long does shipping take?",
    "do you ship to canada", "Where is my order?", "Can I pay with PayPal?", "how do I contact customer service",
    "are you open on sundays?", "what happens to my data", "do you sell gift cards?", "Can I cancel my order?",
    "Is there a warranty on refurbished items?", "my parcel never arrived", "I want a refund",
    "do you offer student discounts", "returns", "do you price match?", "Do you take bitcoin?",
    "shipping?", "gift card", "track my order", "shipping info please",
    "can I return the second one?", "how long would the first one take to deliver",  # the shop's rules for it
    "do you take amex", "is visa ok?", "can i pay cash",  # payment methods by name
])
def test_questions_about_the_shop(message):
    assert is_policy_question(message)


@pytest.mark.parametrize("message", [
    "a laptop with a 2 year warranty",  # a product kind with constraints: a product request
    "what is the warranty on the second one",  # about a shown product
    "does the second one come with a warranty", "does this laptop come with a warranty",
    "show me headphones under $50", "laptops with free shipping", "I need a printer that ships with ink",
    "cheap usb cables", "wireless mouse", "which one is cheaper?", "is the first one in stock?",
    "cheap shipping boxes", "payment terminal", "delivery robot toy",  # a shop word naming a product
])
def test_requests_for_products_and_questions_about_them(message):
    assert not is_policy_question(message)
