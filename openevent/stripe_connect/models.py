"""Tables of the stripe_connect domain."""
