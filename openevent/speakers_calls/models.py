"""Tables of the speakers_calls domain."""
