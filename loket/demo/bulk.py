"""Cheap bulk creation of aanvragen for query-count tests and the benchmark."""

import datetime

from django.utils import timezone

from loket.models import Aanvraag, Dossier, Leerling
from loket.names import name_key


def bulk_aanvragen(school, user, count, start=0):
    leerlingen = Leerling.objects.bulk_create(
        [
            Leerling(
                naam=f"Bulk Leerling {start + i}",
                naam_sleutel=name_key(f"Bulk Leerling {start + i}"),
                geboortedatum=datetime.date(2015, 1, 1) + datetime.timedelta(days=i),
                school=school,
                groep="5",
            )
            for i in range(count)
        ]
    )
    dossiers = Dossier.objects.bulk_create(
        [Dossier(leerling=leerling, school=school) for leerling in leerlingen]
    )
    now = timezone.now()
    statuses = Aanvraag.Status.values
    return Aanvraag.objects.bulk_create(
        [
            Aanvraag(
                reference=f"SWV-2099-{start + i + 1:06d}-{school.pk}",
                dossier=dossier,
                school=school,
                type="top_arrangement",
                answers={"omgeving": "tekst"},
                labels=[],
                status=statuses[i % len(statuses)],
                submitted_by=user,
                submitted_at=now - datetime.timedelta(minutes=i),
                completed_at=now,
            )
            for i, dossier in enumerate(dossiers)
        ]
    )
