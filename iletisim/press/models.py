"""Models of press."""
