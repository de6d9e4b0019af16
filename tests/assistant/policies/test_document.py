from assistant.policies.document import Passage, contact_details, split_document, split_sentences

DOC = """# Our policies

> **Example only.** Not a real shop.

## Returns

You can return products within 30 days.

## Shipping

We ship in 3 days. Express takes 1 day.

Orders over $50 ship free.

## Contact

- Email: help@shop.example
- Phone: +1 555 0199
"""


def test_one_passage_per_section_without_title_or_note():
    passages = split_document(DOC)
    assert [p.section for p in passages] == ["Returns", "Shipping", "Contact"]
    assert passages[0] == Passage("Returns", "You can return products within 30 days.", 0)
    assert not any("Example only" in p.text or "Our policies" in p.text for p in passages)


def test_a_long_section_is_cut_at_paragraphs_and_keeps_its_heading():
    passages = split_document(DOC, max_chars=40)
    shipping = [p for p in passages if p.section == "Shipping"]
    assert [p.text for p in shipping] == ["We ship in 3 days. Express takes 1 day.", "Orders over $50 ship free."]
    assert [p.position for p in passages] == list(range(len(passages)))


def test_sentences_and_list_items():
    assert split_sentences("We ship in 3 days. Express costs $4.95 and takes 1 day.") == [
        "We ship in 3 days.", "Express costs $4.95 and takes 1 day."]
    contact = split_document(DOC)[-1]
    assert contact.sentences() == ["Email: help@shop.example", "Phone: +1 555 0199"]


def test_contact_details_come_from_the_contact_section():
    assert contact_details(split_document(DOC)) == "help@shop.example or +1 555 0199"
    assert contact_details(split_document(DOC.split("## Contact")[0])) == ""


def test_the_example_document(policies_text):
    passages = split_document(policies_text)
    sections = {p.section for p in passages}
    assert {"Returns and refunds", "Shipping and delivery", "Warranty", "Payment", "Contact"} <= sections
    assert all(len(p.text) <= 500 for p in passages)
