"""Bewaartermijnen for the register's former open points (``loket.privacy.retention.overig``):
finished AVG requests with their steps, the privacy officer's search log, accounts of
people who left, the security log, kennisbank feedback and search queries. Each is
removed by the same retention run once its period has passed, and not a day before.
Real database (the AVG steps' trigger too)."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query

from accounts.models import Role, SecurityEvent
from federatie.models import LoginEvent
from kennisbank.models import ArticleFeedback, SearchClickDay, ZeroResultQuery
from loket.models import AvgVerzoek, Bewaartermijn, Leerling, VerzoekStap
from loket.privacy.retention import rules as retention
from tests.kennisbank.conftest import kennisbank  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def backdate(model, pk, **fields):
    model.objects.filter(pk=pk).update(**fields)


def verzoek(school_a, besloten_op, status=AvgVerzoek.Status.AFGEROND):
    leerling = Leerling.objects.create(
        school=school_a, naam="Noor Jansen", geboortedatum="2015-03-01"
    )
    item = AvgVerzoek.objects.create(
        soort=AvgVerzoek.Soort.INZAGE,
        leerling=leerling,
        ontvangen_op=besloten_op.date(),
        termijn=besloten_op.date() + 30 * DAY,
        status=status,
        besloten_op=besloten_op,
    )
    VerzoekStap.objects.create(verzoek=item, stap=VerzoekStap.Stap.GEREGISTREERD)
    return item


def test_a_finished_avg_request_goes_with_its_steps_after_five_years(school_a):
    now = timezone.now()
    old = verzoek(school_a, now - (5 * 365 + 2) * DAY)
    young = verzoek(school_a, now - (5 * 365 - 1) * DAY)
    still_open = verzoek(school_a, now - 6 * 365 * DAY, status=AvgVerzoek.Status.OPEN)
    VerzoekStap.objects.create(stap=VerzoekStap.Stap.GEZOCHT, at=now - 6 * 365 * DAY)
    recent_search = VerzoekStap.objects.create(stap=VerzoekStap.Stap.GEZOCHT)

    summary = retention.run(now=now)

    assert summary["avg_verzoek"]["kenmerken"] == [f"verzoek {old.pk}"]
    assert set(AvgVerzoek.objects.values_list("pk", flat=True)) == {young.pk, still_open.pk}
    assert not VerzoekStap.objects.filter(verzoek_id=old.pk).exists()
    assert summary["avg_zoeklog"]["aantal"] == 1
    assert VerzoekStap.objects.filter(verzoek__isnull=True).get() == recent_search


def test_the_avg_steps_stay_append_only_outside_retention(school_a):
    if connection.vendor != "postgresql":
        pytest.skip("the guard is a PostgreSQL trigger with a session setting (set_config)")
    item = verzoek(school_a, timezone.now())
    with pytest.raises(DatabaseError), transaction.atomic():
        VerzoekStap.objects.filter(verzoek=item)._raw_delete("default")
    # Even with retention's setting on, UPDATE stays refused.
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('swv.bewaartermijn', 'aan', true)")
        cursor.execute("UPDATE loket_verzoekstap SET detail = 'anders'")


def test_an_inactive_account_is_anonymised_after_a_year_without_login(make_user, client):
    now = timezone.now()
    left = make_user(Role.SCHOOLGEBRUIKER, email="vertrokken@a.example", first_name="Els")
    left.set_password("geheim-wachtwoord-1")
    left.is_active = False
    left.save()
    backdate(type(left), left.pk, last_login=now - 366 * DAY, date_joined=now - 800 * DAY)
    recent = make_user(Role.SCHOOLGEBRUIKER, email="net-weg@a.example", is_active=False)
    backdate(type(recent), recent.pk, last_login=now - 300 * DAY)
    active = make_user(Role.SCHOOLGEBRUIKER, email="actief@a.example")
    backdate(type(active), active.pk, last_login=now - 900 * DAY)

    summary = retention.run(now=now)

    assert summary["account_vertrokken"]["kenmerken"] == [f"account {left.pk}"]
    left.refresh_from_db()
    assert left.email == f"verwijderd-{left.pk}@account.invalid" and left.first_name == ""
    assert not left.has_usable_password() and not left.memberships.exists()
    recent.refresh_from_db()
    active.refresh_from_db()
    assert recent.email == "net-weg@a.example" and active.email == "actief@a.example"
    # A second run finds nothing more to do.
    assert retention.run(now=now)["account_vertrokken"]["aantal"] == 0


def test_the_security_log_keeps_one_year(make_user):
    now = timezone.now()
    user = make_user(Role.SCHOOLGEBRUIKER, email="ib@a.example")
    old = SecurityEvent.objects.create(kind=SecurityEvent.Kind.ENROLLED, user=user)
    new = SecurityEvent.objects.create(kind=SecurityEvent.Kind.ENROLLED, user=user)
    backdate(SecurityEvent, old.pk, created_at=now - 366 * DAY)
    login_old = LoginEvent.objects.create(outcome=LoginEvent.Outcome.UNKNOWN)
    LoginEvent.objects.create(outcome=LoginEvent.Outcome.UNKNOWN)
    backdate(LoginEvent, login_old.pk, created_at=now - 400 * DAY)

    assert retention.run(now=now)["beveiligingslog"]["aantal"] == 2
    assert list(SecurityEvent.objects.all()) == [new]
    assert LoginEvent.objects.count() == 1


def test_feedback_loses_its_text_and_old_search_queries_go(kennisbank):  # noqa: F811
    now = timezone.now()
    article = kennisbank["archief"]
    old = ArticleFeedback.objects.create(article=article, helpful=False, comment="Jan de Vries")
    young = ArticleFeedback.objects.create(article=article, helpful=True, comment="Handig")
    backdate(ArticleFeedback, old.pk, created_at=now - 400 * DAY)
    gone = Query.get("noor jansen")
    ZeroResultQuery.objects.create(query=gone, date=(now - 400 * DAY).date(), hits=2)
    kept = Query.get("overdracht")
    ZeroResultQuery.objects.create(query=kept, date=(now - 400 * DAY).date(), hits=1)
    SearchClickDay.objects.create(query=kept, date=now.date(), clicks=1)

    retention.run(now=now)

    old.refresh_from_db()
    young.refresh_from_db()
    assert old.comment == "" and old.helpful is False and young.comment == "Handig"
    assert not Query.objects.filter(pk=gone.pk).exists()
    assert Query.objects.filter(pk=kept.pk).exists()
    assert not ZeroResultQuery.objects.exists() and SearchClickDay.objects.count() == 1

    Bewaartermijn.objects.create(kind="kennisbank_feedback", days=365, action="verwijderen")
    retention.run(now=now)
    assert list(ArticleFeedback.objects.all()) == [young]
