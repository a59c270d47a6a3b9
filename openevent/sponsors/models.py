"""Tables of the sponsors domain."""
