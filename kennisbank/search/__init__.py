"""Search over the help centre: the views at ``/zoeken/`` and what makes results good.

``views`` (search pages), ``backend`` (PostgreSQL tweak of Wagtail's database backend),
``text`` (index text and Dutch word forms), ``ranking``, ``synonyms``, ``suggest``
("Bedoelde je …?") and ``clicks`` (result clicks, no personal data).
"""
