"""Benchmark: ``/inzage/`` with a million guardian permission rows.

Run (PostgreSQL, a database of its own)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/swv_inzage_bench \\
    DJANGO_SETTINGS_MODULE=cms.settings.test python -m bench.inzage [rows] [dossiers]

Creates a throw-away test database with ``dossiers`` dossiers (default 20.000),
``rows`` object permission rows (default 1.000.000: 95 % per user, 5 % per
organisation group) with a matching inzage grant per user row, all bulk-inserted
with ``generate_series`` SQL. Then one externe gets 50 grants through the real
services (30 direct, 20 through their organisation, plus expired and revoked
ones that must not count). Prints the number of queries of ``/inzage/`` (also for
an externe with one grant, to show it is fixed) and the median of 15 requests.
"""

import os
import statistics
import sys
import time

import django


def _client_for(user):
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _measure(connection, client, url, runs=15):
    client.get(url)
    queries = []

    def count(execute, sql, params, many, context):
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append(((time.perf_counter() - t0) * 1000, sql, params))

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(runs):
        t0 = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - t0) * 1000)
    return queries, statistics.median(timings), response


def _fill(cursor, school_id, dossiers, rows, perm_id, group_ids):
    """Bulk rows with generate_series: pupils, dossiers, users, grants, guardian rows."""
    cursor.execute(
        """
        INSERT INTO loket_leerling (naam, naam_sleutel, leerlingnummer, geboortedatum,
                                    school_id, groep, created_at)
        SELECT 'Bench Leerling ' || g, 'bench leerling ' || g, '',
               DATE '2014-01-01' + (g %% 1500), %s, '6', now()
        FROM generate_series(1, %s) g
        """,
        [school_id, dossiers],
    )
    cursor.execute(
        """
        INSERT INTO loket_dossier (leerling_id, school_id, status, created_at)
        SELECT id, school_id, 'open', now() FROM loket_leerling WHERE naam LIKE 'Bench %%'
        """
    )
    cursor.execute("SELECT min(id), max(id) FROM loket_dossier")
    first, last = cursor.fetchone()
    n_dossiers = last - first + 1
    group_rows = rows // 20
    per_user = 19
    users = (rows - group_rows) // per_user
    cursor.execute(
        """
        INSERT INTO accounts_user (password, is_superuser, email, first_name, last_name,
                                   is_staff, is_active, date_joined)
        SELECT '!', false, 'bench' || g || '@extern.example', 'Bench', 'Extern ' || g,
               false, true, now()
        FROM generate_series(1, %s) g
        """,
        [users],
    )
    cursor.execute("SELECT min(id) FROM accounts_user WHERE email LIKE 'bench%%'")
    first_user = cursor.fetchone()[0]
    # k*104729 (a prime) modulo the dossier count: 19 different dossiers per user.
    cursor.execute(
        """
        INSERT INTO permissions_dossieruserobjectpermission
            (permission_id, user_id, content_object_id)
        SELECT %s, %s + u, %s + ((u * 7919 + k * 104729) %% %s)
        FROM generate_series(0, %s - 1) u, generate_series(0, %s - 1) k
        """,
        [perm_id, first_user, first, n_dossiers, users, per_user],
    )
    cursor.execute(
        """
        INSERT INTO permissions_inzagegrant (dossier_id, grantee_user_id, reason, legal_basis,
            consent_date, consent_how, starts_on, ends_on, created_at)
        SELECT content_object_id, user_id, 'bench', 'ouders', CURRENT_DATE - 10, 'bench',
               CURRENT_DATE - 5, CURRENT_DATE + 100, now()
        FROM permissions_dossieruserobjectpermission
        """
    )
    per_group = -(-group_rows // len(group_ids))  # rounded up: at least `rows` in all
    cursor.execute(
        """
        INSERT INTO permissions_dossiergroupobjectpermission
            (permission_id, group_id, content_object_id)
        SELECT %s, grp, %s + ((grp * 31 + k * 104729) %% %s)
        FROM unnest(%s::int[]) grp, generate_series(0, %s - 1) k
        """,
        [perm_id, first, n_dossiers, group_ids, per_group],
    )
    cursor.execute("ANALYZE")
    return first, n_dossiers


def main(rows=1_000_000, dossiers=20_000):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    if connection.vendor != "postgresql":
        sys.exit("Dit benchmark draait op PostgreSQL: zet DATABASE_URL.")
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        import datetime

        from django.contrib.auth.models import Group, Permission
        from django.utils import timezone

        from accounts.models import Membership, Organisation, Role, User
        from accounts.roles import ensure_role_groups
        from loket.models import Dossier
        from permissions import grants
        from permissions.models import (
            DossierGroupObjectPermission,
            DossierUserObjectPermission,
            InzageGrant,
        )

        ensure_role_groups()
        bestuur = Organisation.objects.create(kind="bestuur", name="Bestuur")
        school = Organisation.objects.create(
            kind="school", name="School", brin="11AA00", bestuur=bestuur
        )
        cleo = Organisation.objects.create(kind="extern", name="CLEO")
        other_orgs = Organisation.objects.bulk_create(
            Organisation(kind="extern", name=f"Extern {i}") for i in range(999)
        )
        group_ids = [grants.organisation_group(org).pk for org in other_orgs]
        perm = Permission.objects.get(content_type__app_label="loket", codename="view_dossier")
        started = time.perf_counter()
        with connection.cursor() as cursor:
            first, n_dossiers = _fill(cursor, school.pk, dossiers, rows, perm.pk, group_ids)
        total = DossierUserObjectPermission.objects.count()
        total += DossierGroupObjectPermission.objects.count()
        print(
            f"{Dossier.objects.count()} dossiers, {total} objectrechten, "
            f"{InzageGrant.objects.count()} inzages aangemaakt in "
            f"{time.perf_counter() - started:.1f} s"
        )

        school_user = User.objects.create_user(email="ib@a.example", password="x" * 16)
        Membership.objects.create(user=school_user, organisation=school, role=Role.SCHOOLGEBRUIKER)

        def externe(email):
            user = User.objects.create_user(email=email, password="x" * 16)
            Membership.objects.create(user=user, organisation=cleo, role=Role.EXTERNE)
            return user

        today = timezone.localdate()
        basics = {
            "reason": "bench",
            "legal_basis": "ouders",
            "consent_date": today - datetime.timedelta(days=3),
            "consent_how": "schriftelijk",
        }
        main_user = externe("extern@cleo.example")
        sample = list(
            Dossier.objects.filter(pk__gte=first)
            .order_by("pk")
            .values_list("pk", flat=True)[:200:3]
        )
        targets = Dossier.objects.in_bulk(sample)
        chosen = [targets[pk] for pk in sample]
        for dossier in chosen[:30]:
            grants.create_grant(dossier, school_user, user=main_user, **basics)
        for dossier in chosen[30:50]:
            grants.create_grant(dossier, school_user, organisation=cleo, **basics)
        for dossier in chosen[50:55]:  # revoked: must not show
            grants.revoke_grant(
                grants.create_grant(dossier, school_user, user=main_user, **basics), school_user
            )
        for dossier in chosen[55:60]:  # ended yesterday, task not run: must not show
            grant = grants.create_grant(dossier, school_user, user=main_user, **basics)
            InzageGrant.objects.filter(pk=grant.pk).update(
                starts_on=today - datetime.timedelta(days=30),
                ends_on=today - datetime.timedelta(days=1),
            )
        one_grant_user = externe("een@cleo.example")
        Membership.objects.filter(user=one_grant_user).update(organisation=other_orgs[0])
        one_grant_user.groups.set([Group.objects.get(pk=group_ids[0])])
        grants.create_grant(chosen[60], school_user, user=one_grant_user, **basics)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

        from permissions import policy

        visible = policy.dossiers_granted_to(main_user).count()
        print(f"Externe met 50 geldige inzages (+10 ingetrokken/verlopen) ziet {visible} dossiers")
        assert visible == 50, visible

        print(f"{'pagina':<40} {'queries':>7} {'SQL ms':>7} {'mediaan ms':>11}")
        cases = [
            ("/inzage/ (50 inzages, pagina 1)", main_user, "/inzage/"),
            ("/inzage/ (50 inzages, pagina 2)", main_user, "/inzage/?pagina=2"),
            ("/inzage/ (1 inzage, org. met 50 rechten)", one_grant_user, "/inzage/"),
            ("/inzage/dossiers/<pk>/", main_user, f"/inzage/dossiers/{chosen[0].pk}/"),
        ]
        counts = {}
        for label, user, url in cases:
            queries, median, _response = _measure(connection, _client_for(user), url)
            counts[label] = len(queries)
            sql_ms = sum(ms for ms, _sql, _params in queries)
            print(f"{label:<40} {len(queries):>7} {sql_ms:>7.1f} {median:>11.1f}")
            if os.environ.get("BENCH_SQL"):
                for ms, sql, params in sorted(queries, key=lambda q: q[0], reverse=True)[:2]:
                    print(f"    {ms:7.1f} ms  {sql[:400]}")
                    if os.environ.get("BENCH_EXPLAIN"):
                        with connection.cursor() as cursor:
                            cursor.execute("EXPLAIN ANALYZE " + sql, params)
                            print("\n".join("      " + row[0] for row in cursor.fetchall()))
        lists = [v for k, v in counts.items() if k.startswith("/inzage/ (")]
        assert len(set(lists)) == 1, counts
        print(f"Vast aantal queries voor /inzage/: {lists[0]}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    main(*args)
