"""The public site: the directorate's home, contact, KVKK clarification and accessibility pages."""
