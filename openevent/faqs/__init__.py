"""faqs domain."""
