"""Tables of the media domain."""
