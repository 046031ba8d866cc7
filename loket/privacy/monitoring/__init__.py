"""Anonymised monitoring figures for the SWV (``figures``) and their admin page (``views``)."""
