"""The logboek chain is keyed (HMAC with LOGBOEK_HMAC_KEY): with database access alone
a line cannot be rewritten and the chain recomputed unnoticed; migration 0037 re-keys
the chains that were plain SHA-256, and leaves a line changed before it reported."""

import hashlib
import importlib
from types import SimpleNamespace

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import override_settings

from loket import logboek
from loket.models import LogboekKeten, LogEntry
from loket.models.logboek import canonical, line_hash, plain_line_hash_v1
from loket.privacy.logboek_keten import verify
from tests.loket.helpers import make_aanvraag
from tests.loket.test_logboek_keten import chain_of, tamper

pytestmark = pytest.mark.django_db


@pytest.fixture
def aanvraag(loket_users, school_a):
    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    for _ in range(3):
        logboek.log("bekeken", loket_users["consulent"], aanvraag=aanvraag)
    return aanvraag


def rewrite_chain(lines, hasher, change=None):
    """What an attacker with only the database does: change a line, then recompute
    every hash and link after it with the hash function they know, head included."""
    previous = ""
    for line in lines:
        if change and line.seq == change[0]:
            line.detail = change[1]
        line.prev_hash = previous
        line.hash = previous = hasher(line)
        tamper(
            "UPDATE loket_logentry SET detail = %s, prev_hash = %s, hash = %s WHERE id = %s",
            [line.detail, line.prev_hash, line.hash, line.pk],
        )
    LogboekKeten.objects.filter(chain=lines[0].chain).update(head_hash=previous)


def test_a_row_rewritten_with_a_recomputed_plain_hash_is_caught(aanvraag):
    lines = chain_of(aanvraag)
    assert verify()[0] == []
    rewrite_chain(lines, lambda line: hashlib.sha256(canonical(line)).hexdigest(), (2, "x"))
    [found] = verify()[0]
    assert (found.chain, found.seq, found.reason) == (lines[0].chain, 1, "regel gewijzigd")


def test_downgrading_a_chain_to_the_old_plain_v1_hash_is_caught(aanvraag):
    lines = chain_of(aanvraag)
    rewrite_chain(lines, plain_line_hash_v1, (2, "niets gezien"))
    assert [b.reason for b in verify()[0]] == ["regel gewijzigd"]


def test_the_hash_depends_on_the_key(aanvraag):
    line = chain_of(aanvraag)[0]
    assert line.hash == line_hash(line)
    with override_settings(LOGBOEK_HMAC_KEY="een-andere-sleutel-" + "k" * 20):
        assert line_hash(line) != line.hash
        assert len(verify()[0]) == 1  # with the wrong key nothing verifies


def run_0037(direction):
    name = "0037_logboek_hmac"
    migration = importlib.import_module(f"loket.migrations.{name}")
    apps = MigrationLoader(connection).project_state(("loket", name)).apps
    editor = SimpleNamespace(connection=connection, execute=connection.cursor().execute)
    getattr(migration, direction)(apps, editor)


def test_the_migration_rekeys_plain_chains_and_keeps_earlier_tampering_visible(
    aanvraag, loket_users, school_a
):
    other = make_aanvraag(school_a, loket_users["school_a"], naam="Andere Leerling")
    run_0037("to_plain")  # the chains as they were before 0037
    assert verify()[0]  # plain hashes no longer verify
    changed = chain_of(other)[0]
    tamper("UPDATE loket_logentry SET detail = 'anders' WHERE id = %s", [changed.pk])

    run_0037("to_hmac")

    assert [(b.chain, b.seq, b.reason) for b in verify()[0]] == [
        (changed.chain, changed.seq, "regel gewijzigd")
    ]
    lines = chain_of(aanvraag)
    assert all(line.hash == line_hash(line) for line in lines)
    assert LogEntry.objects.get(pk=lines[1].pk).prev_hash == lines[0].hash
