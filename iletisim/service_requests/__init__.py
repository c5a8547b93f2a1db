"""Citizen requests (başvuru): complaints, suggestions, requests, reports, thanks, information
requests (4982) and petitions (3071), routed to the right directorate and answered in time."""
