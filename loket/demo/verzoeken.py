"""Two fictional AVG requests for the privacy officer's register: one overdue (so the
dashboard panel has something to show), one open and well within its month."""

import datetime

from django.utils import timezone

from accounts.models import User
from loket.models import AvgVerzoek, Leerling
from loket.privacy.verzoeken import services


def run():
    privacy = User.objects.filter(email="privacy@swv.example").first()
    pupils = list(Leerling.objects.filter(school__brin="99AA00").order_by("pk")[:2])
    if privacy is None or len(pupils) < 2 or AvgVerzoek.objects.exists():
        return 0
    today = timezone.localdate()
    services.register(
        privacy, pupils[0], AvgVerzoek.Soort.INZAGE, today - datetime.timedelta(days=40)
    )
    services.register(
        privacy, pupils[1], AvgVerzoek.Soort.RECTIFICATIE, today - datetime.timedelta(days=5)
    )
    return 2
