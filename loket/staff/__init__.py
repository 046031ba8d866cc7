"""The SWV staff's side in the Wagtail admin: inbox, actions, notes, work list, vergaderingen.

``inbox`` (list, ``filters``, ``table``, ``export``), ``views`` (an aanvraag's actions and
``forms``), ``notities`` and ``notitie_views``, ``werkvoorraad`` (what needs action) and
``vergaderingen`` with ``vergadering_views``.
"""
