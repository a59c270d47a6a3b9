"""Tables of the feedbacks domain."""
