"""People and units: staff users, the municipality's directorates as a tree, and roles."""
