"""The logboek's hash chain: each line links to the one before it in its dossier, so
a line changed, removed or cut off with the trigger switched off is found, and
retention leaves a sealed line that keeps the rest verifiable."""

import datetime
import json
import threading
import zoneinfo
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction

from devkit.clients import login_verified
from loket import logboek
from loket.models import LogboekControle, LogboekKeten, LogEntry
from loket.models.logboek import canonical, chain_key, format_ranges, line_hash, parse_ranges
from loket.privacy.logboek_keten import verify
from loket.privacy.retention.removal import remove_dossier
from tests.loket.helpers import make_aanvraag


@pytest.fixture
def aanvraag(loket_users, school_a):
    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    for _ in range(3):
        logboek.log("bekeken", loket_users["consulent"], aanvraag=aanvraag)
    return aanvraag


def chain_of(aanvraag):
    return list(LogEntry.objects.filter(chain=f"dossier:{aanvraag.dossier_id}").order_by("seq"))


def tamper(sql, params):
    """What someone with the application's database role can do: switch the trigger off."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE loket_logentry DISABLE TRIGGER loket_logentry_append_only")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE loket_logentry ENABLE TRIGGER loket_logentry_append_only")


def test_canonical_form_is_fixed_field_order_utc_and_no_floats():
    amsterdam = zoneinfo.ZoneInfo("Europe/Amsterdam")
    line = SimpleNamespace(
        chain="dossier:7", seq=2, at=datetime.datetime(2026, 6, 1, 14, 0, tzinfo=amsterdam),
        user_id=3, actor="a@school.example", role="consulent", action="bekeken",
        dossier_id=7, aanvraag_id=None, reference="TLV-1", detail="é", removed_seqs="",
        prev_hash="ab",
    )  # fmt: skip
    assert (
        canonical(line)
        == (
            '["v2","dossier:7",2,"2026-06-01T12:00:00.000000Z",3,"a@school.example",'
            '"consulent","bekeken",7,null,"TLV-1","é","","ab"]'
        ).encode()
    )
    line.seq = 2.0
    with pytest.raises(TypeError):
        canonical(line)


def test_ranges_round_trip():
    assert format_ranges([7, 1, 2, 3, 9, 10]) == "1-3,7,9-10"
    assert parse_ranges("1-3,7,9-10") == {1, 2, 3, 7, 9, 10}
    assert chain_key(None, None) == "algemeen" and chain_key(None, 4) == "aanvraag:4"


def test_each_line_links_to_the_one_before_it_in_its_dossier(aanvraag):
    lines = chain_of(aanvraag)
    assert [line.seq for line in lines] == list(range(1, len(lines) + 1))
    assert lines[0].prev_hash == ""
    for before, after in zip(lines, lines[1:], strict=False):
        assert after.prev_hash == before.hash == line_hash(before)
    head = LogboekKeten.objects.get(chain=lines[0].chain)
    assert (head.length, head.head_hash) == (len(lines), lines[-1].hash)
    assert verify()[0] == []


def test_a_changed_line_is_found(aanvraag):
    target = chain_of(aanvraag)[1]
    tamper("UPDATE loket_logentry SET detail = %s WHERE id = %s", ["niets gezien", target.pk])
    assert [(b.chain, b.seq, b.reason) for b in verify()[0]] == [
        (target.chain, 2, "regel gewijzigd")
    ]


def test_a_deleted_line_is_found(aanvraag):
    target = chain_of(aanvraag)[1]
    tamper("DELETE FROM loket_logentry WHERE id = %s", [target.pk])
    [found] = verify()[0]
    assert (found.seq, found.reason) == (2, "regel ontbreekt of dubbel")


def test_a_deleted_last_line_is_found_by_the_head(aanvraag):
    target = chain_of(aanvraag)[-1]
    tamper("DELETE FROM loket_logentry WHERE id = %s", [target.pk])
    [found] = verify()[0]
    assert (found.seq, found.reason) == (target.seq, "laatste regel(s) ontbreken")


def test_command_reports_the_first_break_per_chain_and_fails(aanvraag, capsys):
    call_command("verify_logboek")
    assert "Logboek in orde" in capsys.readouterr().out
    lines = chain_of(aanvraag)
    tamper("UPDATE loket_logentry SET actor = '' WHERE id = %s", [lines[1].pk])
    tamper("DELETE FROM loket_logentry WHERE id = %s", [lines[2].pk])
    with pytest.raises(CommandError, match="1 van"):
        call_command("verify_logboek")
    err = capsys.readouterr().err
    assert err.strip() == f"{lines[1].chain} regel 2: regel gewijzigd"
    assert LogboekControle.objects.first().ok is False


def test_purge_leaves_a_sealed_line_and_the_rest_verifies(aanvraag, loket_users, school_a):
    other = make_aanvraag(school_a, loket_users["school_a"], naam="Andere Leerling")
    removed_chain = chain_of(aanvraag)
    with transaction.atomic():
        remove_dossier(aanvraag.dossier, "verwijderen")
    [sealed] = LogEntry.objects.filter(chain=removed_chain[0].chain)
    assert sealed.action == LogEntry.Action.VERZEGELD
    assert sealed.seq == len(removed_chain) + 1
    assert sealed.prev_hash == removed_chain[-1].hash
    assert sealed.removed_seqs == f"1-{len(removed_chain)}"
    assert (sealed.actor, sealed.user_id, sealed.reference) == ("", None, "")
    assert verify()[0] == []
    # Lines after the seal still link (the other dossier untouched), and a seal
    # cannot be removed unnoticed either.
    assert LogEntry.objects.filter(dossier_id=other.dossier_id).exists()
    tamper("DELETE FROM loket_logentry WHERE id = %s", [sealed.pk])
    assert [b.reason for b in verify()[0]] == ["alle regels ontbreken"]


def test_existing_lines_are_chained_by_the_migration(aanvraag):
    import importlib

    from django.db.migrations.loader import MigrationLoader

    name = "0026_logboek_keten"
    migration = importlib.import_module(f"loket.migrations.{name}")
    apps = MigrationLoader(connection).project_state(("loket", name)).apps
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM loket_logboekketen")
    tamper("UPDATE loket_logentry SET chain = id, seq = 0, prev_hash = '', hash = ''", [])
    assert verify()[0]
    # The migration only asks its editor for the connection and to execute SQL (and
    # SQLite's real editor refuses to open inside the test's transaction).
    editor = SimpleNamespace(connection=connection, execute=connection.cursor().execute)
    migration.link_existing(apps, editor)
    assert verify()[0] == []
    assert [line.seq for line in chain_of(aanvraag)] == list(range(1, 5))


def test_staff_see_the_last_check_in_health(client, aanvraag, make_user):
    from accounts.models import Role

    staff = make_user(Role.BEHEERDER)
    staff.is_staff = True
    staff.save()
    login_verified(client, staff)
    assert json.loads(client.get("/health/").content)["logboek"]["ok"] is None
    call_command("verify_logboek")
    details = json.loads(client.get("/health/").content)["logboek"]
    assert details["ok"] is True and details["lines"] == LogEntry.objects.count()
    client.logout()
    assert client.get("/health/").content == b"ok"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Rijvergrendeling op PostgreSQL.")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_lines_at_once_do_not_share_a_predecessor(loket_users, school_a):
    """Thread A holds the chain's head while thread B writes to the same dossier: B
    waits and links to A's line instead of both following the same predecessor."""
    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    user = loket_users["consulent"]
    a_written, release, errors = threading.Event(), threading.Event(), []

    def writer_a():
        try:
            with transaction.atomic():
                logboek.log("bekeken", user, aanvraag=aanvraag, detail="a")
                a_written.set()
                release.wait(10)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    def writer_b():
        try:
            a_written.wait(10)
            logboek.log("bekeken", user, aanvraag=aanvraag, detail="b")
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer_a), threading.Thread(target=writer_b)]
    for thread in threads:
        thread.start()
    a_written.wait(10)
    threads[1].join(1)
    assert threads[1].is_alive()  # B waits for A's lock on the head
    release.set()
    for thread in threads:
        thread.join(10)
    assert errors == []
    lines = chain_of(aanvraag)
    a, b = lines[-2], lines[-1]
    assert (a.detail, b.detail) == ("a", "b") and b.prev_hash == a.hash
    assert verify()[0] == []
