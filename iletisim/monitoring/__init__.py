"""Media monitoring: outlets and sources, fetched items, stories, clippings, and the analysis
that tells the press unit what concerns the municipality."""
