"""Alerts of monitoring: rules per watch query, alerts to people, spikes, quiet hours.

`models.py` (imported by monitoring/models.py), `actions.py` (creating and delivering
alerts), `spikes.py` (the statistic), `views.py`/`forms.py`/`urls.py` (the staff page).
"""
