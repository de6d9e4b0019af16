"""Answers about the shop's policies (returns, shipping, warranty, payment, contact), from the merchant's document."""
