"""Newsletters: issues as pages, lists, subscribers with double opt-in, sending in batches.

The models keep the ``content`` app label (``content/models.py`` imports them), so
this package is a layout of the content app, not an app of its own.
"""
