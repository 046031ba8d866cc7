"""Benchmark: Mijn loket and the admin inbox with many aanvragen.

Run: ``DJANGO_SETTINGS_MODULE=cms.settings.test python -m bench.loket_lists [aantal]``
(with DATABASE_URL for PostgreSQL). Creates a throw-away test database, fills it
with ``aantal`` aanvragen per school (default 10.000) for two schools, and prints
per page the number of queries and the median response time of 15 requests.
"""

import os
import statistics
import sys
import time

import django


def main(per_school=10_000):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from django.test import Client
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from accounts.models import ConsulentAssignment, Membership, Organisation, Role, User
        from accounts.roles import ensure_role_groups
        from loket.demo.bulk import bulk_aanvragen

        ensure_role_groups()
        swv = Organisation.objects.create(kind="swv", name="SWV")
        bestuur = Organisation.objects.create(kind="bestuur", name="Bestuur")
        schools = [
            Organisation.objects.create(kind="school", name=n, brin=b, bestuur=bestuur)
            for n, b in (("School A", "11AA00"), ("School B", "11BB00"))
        ]

        def user(email, role, org):
            u = User.objects.create_user(email=email, password="x" * 16)
            Membership.objects.create(user=u, organisation=org, role=role)
            return u

        school_user = user("ib@a.example", Role.SCHOOLGEBRUIKER, schools[0])
        consulent = user("consulent@swv.example", Role.CONSULENT, swv)
        commissie = user("commissie@swv.example", Role.COMMISSIE, swv)
        ConsulentAssignment.objects.create(school=schools[0], consulent=consulent)
        started = time.perf_counter()
        for school in schools:
            for start in range(0, per_school, 5000):
                bulk_aanvragen(school, school_user, min(5000, per_school - start), start=start)
        print(f"{2 * per_school} aanvragen aangemaakt in {time.perf_counter() - started:.1f} s")

        def client_for(u):
            client = Client()
            device = TOTPDevice.objects.create(user=u, name="bench", confirmed=True)
            client.force_login(u)
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
            return client

        from loket.models import Aanvraag

        reference = Aanvraag.objects.filter(school=schools[0]).first().reference
        cases = [
            ("Mijn loket (school)", school_user, "/loket/"),
            ("Mijn loket gefilterd + zoeken", school_user, "/loket/?status=ingediend&q=Bulk%2012"),
            ("Aanvraag (school)", school_user, f"/loket/aanvragen/{reference}/"),
            ("Inbox (consulent)", consulent, "/admin/loket/"),
            ("Inbox (commissie)", commissie, "/admin/loket/"),
            ("Inbox gefilterd (commissie)", commissie, "/admin/loket/?status=in_behandeling"),
            ("Dashboard (commissie)", commissie, "/admin/"),
        ]
        print(f"{'pagina':<32} {'queries':>7} {'SQL ms':>7} {'mediaan ms':>11}")
        for label, u, url in cases:
            client = client_for(u)
            client.get(url)
            queries, sqls = [], []

            def count(execute, sql, params, many, context, queries=queries, sqls=sqls):
                t0 = time.perf_counter()
                try:
                    return execute(sql, params, many, context)
                finally:
                    queries.append((time.perf_counter() - t0) * 1000)
                    sqls.append(sql)

            with connection.execute_wrapper(count):
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            timings = []
            for _ in range(15):
                t0 = time.perf_counter()
                client.get(url)
                timings.append((time.perf_counter() - t0) * 1000)
            median = statistics.median(timings)
            print(f"{label:<32} {len(queries):>7} {sum(queries):>7.1f} {median:>11.1f}")
            if os.environ.get("BENCH_SQL"):
                slowest = sorted(zip(queries, sqls, strict=True), reverse=True)[:3]
                for ms, sql in slowest:
                    print(f"    {ms:7.1f} ms  {sql[:300]}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
