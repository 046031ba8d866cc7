"""Instemming: the parent's (or pupil's) consent to an aanvraag or plan, by link and code."""
