"""Exhibitors of an event."""
