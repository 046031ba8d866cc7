"""Filling in a form: the wizard, its step forms, its draft storage, start page and summary."""
