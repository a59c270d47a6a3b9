"""Tables of the ticket_tags domain."""
