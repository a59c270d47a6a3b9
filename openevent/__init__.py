"""openevent: an Open Event v1 compatible event-management server."""

__version__ = "0.1.0"
