"""The kenmerk of an aanvraag: ``SWV-<year>-<six digits>``, numbered per calendar year.

A module of its own because intake (a new aanvraag) and transfer (the copies in
the receiving dossier) both number aanvragen, and neither should import the other.
"""

from django.db import transaction
from django.utils import timezone

from .models import ReferenceCounter


def next_reference(year=None):
    """``SWV-<year>-<six digits>``, numbered per calendar year, safe under concurrency."""
    year = year or timezone.localdate().year
    with transaction.atomic():
        ReferenceCounter.objects.get_or_create(year=year)
        counter = ReferenceCounter.objects.select_for_update().get(year=year)
        counter.last += 1
        counter.save(update_fields=["last"])
    return f"SWV-{year}-{counter.last:06d}"
