"""taxonomy domain."""
