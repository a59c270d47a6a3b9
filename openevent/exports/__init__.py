"""Schedule exports: one public-programme query shared by pure per-format exporters."""
