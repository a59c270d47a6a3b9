"""Tables of the exhibitors domain."""
