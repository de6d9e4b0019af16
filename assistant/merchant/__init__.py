"""Tools for the merchant: why a product did or did not reach the shopper (path.py), and how
exposure is shared between products and brands."""
