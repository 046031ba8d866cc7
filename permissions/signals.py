"""Signals of the permissions app.

``grant_changed`` is the hook through which the loket writes grants into the
logboek (``permissions`` may not import the loket). It is sent inside the
service's transaction with ``grant``, ``action`` ("verleend", "beeindigd",
"ingetrokken", "verlopen") and ``by`` (None for the expiry task). What the
permissions app itself listens to is in ``permissions.receivers``.
"""

from django.dispatch import Signal

grant_changed = Signal()
