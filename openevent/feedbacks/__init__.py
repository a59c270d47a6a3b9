"""feedbacks domain."""
