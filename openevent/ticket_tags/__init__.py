"""Ticket tags: an event's labels for grouping its tickets."""
