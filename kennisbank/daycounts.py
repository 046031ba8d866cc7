"""One counter per thing per day (article views, result clicks, searches that found
nothing): no user, no address, only a number.

Shared by ``popularity``, ``clicks`` and ``search``: the row is made on the first count
of the day, and the count itself is an ``UPDATE … SET n = n + 1``, so simultaneous
requests add up instead of overwriting each other.
"""

from django.db.models import F


def add_one(model, counter, **day):
    """Add one to ``counter`` of the ``model`` row that ``day`` identifies (two queries)."""
    row, _created = model.objects.get_or_create(**day)
    model.objects.filter(pk=row.pk).update(**{counter: F(counter) + 1})
