"""Numbers for the desk (issue 6, item 7): share of voice, tone over time, top outlets, top
stories by reach, per neighbourhood and per topic, over a chosen period and filters.

`models.py` holds which watch queries stand for the municipality, its peers and the
neighbourhoods; `aggregate.py` computes the figures with a fixed number of aggregate queries;
`export.py` writes them as CSV or XLSX; `views.py` draws them with the vendored Chart.js, a
table behind every chart.
"""
