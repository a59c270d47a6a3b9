"""Tables of the mail domain."""
