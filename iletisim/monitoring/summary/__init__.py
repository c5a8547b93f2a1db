"""The daily press summary (basın özeti) for the mayor, and weekly and monthly media reports.

`models` (summaries, entries; the `topic` and `tone` of an item), `summarise` (the extractive
Turkish summariser), `builder` (choosing and grouping the night's items), `actions` (draft,
edit, approve, correct, deliver), `rendering` (HTML, PDF, e-mail), `reports` and `charts`
(weekly and monthly figures, SVG charts, PDF and XLSX).
"""
