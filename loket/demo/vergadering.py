"""The demo's vergaderingen: one held two weeks ago, where one aanvraag was discussed
and postponed (with notulen, fictional), and one next week with every aanvraag ready
for a besluit on its agenda, so the admin shows an agendapunt's whole history."""

import datetime

from django.utils import timezone

from loket.models import Aanvraag, Agendapunt, Vergadering

NOTULEN = (
    "Besproken. De commissie wacht op het verslag van de jeugdarts (fictief); "
    "de school levert dit aan vóór de volgende vergadering."
)


def plan_agenda(commissie):
    from loket.staff import vergaderingen

    today = timezone.localdate()
    volgende = vergaderingen.create_vergadering(
        commissie, today + datetime.timedelta(days=7), "Commissie van toewijzing PO"
    )
    ready = list(Aanvraag.objects.filter(status__in=vergaderingen.READY).order_by("pk"))
    if ready:
        # Planned on a meeting that has since been held: created today, then dated back
        # (the rules refuse planning in the past, rightly; the demo tells what happened).
        vorige = vergaderingen.create_vergadering(commissie, today, "Commissie van toewijzing PO")
        vergaderingen.plan(ready[0], commissie, vorige)
        punt = Agendapunt.objects.get(aanvraag=ready[0], vergadering=vorige)
        vergaderingen.save_notulen(punt, commissie, NOTULEN)
        vergaderingen.postpone(punt, commissie, volgende)
        Vergadering.objects.filter(pk=vorige.pk).update(date=today - datetime.timedelta(days=14))
    for aanvraag in ready[1:]:
        vergaderingen.plan(aanvraag, commissie, volgende)
    return volgende
