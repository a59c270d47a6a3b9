"""Tables of the event_info domain."""
