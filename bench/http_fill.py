"""Helper of ``bench.http``: grow a demo database to the sizes issue 16 names.

Runs in its own process under the settings the server uses and adds, in bulk, to what
``manage.py demo`` made: kennisbank articles up to 10,000 (search is measured over
them), 1,000 aanvragen for the demo school of ``ib@school-a.example`` (Mijn loket),
99,000 more for the other school of ``consulent@swv.example`` (the SWV inbox: 100,000),
and 1,000,000 guardian permission rows with their inzage grants for other externen
(``/inzage/`` of ``extern@cleo.example``). A rerun finds the marker organisation and
does nothing. Not a benchmark of its own: ``python -m bench http``.
"""

import os
import sys
import time

import django

ARTICLES = 10_000
MIJN_LOKET = 1_000
INBOX = 100_000
PERMISSION_ROWS = 1_000_000
MARKER = "Bench schaal (inzage)"


def fill():
    from django.contrib.auth.models import Permission
    from django.db import connection, transaction

    from accounts.models import ConsulentAssignment, Membership, Organisation
    from bench.inzage import _fill as fill_permissions
    from bench.kennisbank import fill as fill_articles
    from loket.demo.bulk import bulk_aanvragen
    from loket.models import Aanvraag
    from permissions import grants

    if Organisation.objects.filter(name=MARKER).exists():
        return
    started = time.perf_counter()
    fill_articles(ARTICLES)

    membership = Membership.objects.select_related("user", "organisation").get(
        user__email="ib@school-a.example"
    )
    school_user, school_a = membership.user, membership.organisation
    other = (
        ConsulentAssignment.objects.filter(consulent__email="consulent@swv.example")
        .exclude(school=school_a)
        .first()
        .school
    )
    wanted = {school_a: MIJN_LOKET, other: INBOX - MIJN_LOKET}
    with transaction.atomic():
        for school, target in wanted.items():
            missing = target - Aanvraag.objects.filter(school=school).count()
            for begin in range(0, missing, 5000):
                bulk_aanvragen(school, school_user, min(5000, missing - begin), start=begin)

    bestuur = school_a.bestuur
    with transaction.atomic():
        marker = Organisation.objects.create(
            kind="school", name=MARKER, brin="99ZZ99", bestuur=bestuur
        )
        externen = Organisation.objects.bulk_create(
            Organisation(kind="extern", name=f"Bench extern {i}") for i in range(200)
        )
        group_ids = [grants.organisation_group(org).pk for org in externen]
        perm = Permission.objects.get(content_type__app_label="loket", codename="view_dossier")
        with connection.cursor() as cursor:
            fill_permissions(cursor, marker.pk, 20_000, PERMISSION_ROWS, perm.pk, group_ids)
    # What autovacuum does soon after a bulk load on a real server: planner statistics,
    # and the visibility map that lets a count read the index alone (the inbox's count
    # of 100,000 aanvragen: 14 ms before, 4 ms after).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"schaal-data aangemaakt in {time.perf_counter() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
    django.setup()
    fill()
