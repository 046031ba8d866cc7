"""Inzage for externen: the read-only pages at ``/inzage/`` and the logboek of grants."""
