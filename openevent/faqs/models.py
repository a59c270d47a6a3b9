"""Tables of the faqs domain."""
