"""The comparable form of a pupil's name (the register's *name key*).

In the base of the loket because the ``Leerling`` model keeps the key up to date
on every save, and the matching (``loket.leerlingen.matching``) asks with it.
"""

import unicodedata


def name_key(naam):
    """The comparable form of a name: ``" Zoë  de Berg-Smit"`` is ``"zoe de berg smit"``."""
    decomposed = unicodedata.normalize("NFKD", str(naam or ""))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = "".join(ch if ch.isalnum() else " " for ch in plain.casefold())
    return " ".join(words.split())
