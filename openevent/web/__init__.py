"""The public pages: the schedule page and its static assets."""
