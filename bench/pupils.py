"""Benchmark: the pupil register — importing 2,000 pupils, and the picker at 100,000.

Run: ``DJANGO_SETTINGS_MODULE=cms.settings.test python -m bench pupils [aantal]``
(with DATABASE_URL for PostgreSQL). Creates a throw-away test database with
``aantal`` pupils (default 100,000) spread over 50 schools, then:

- imports a 2,000-pupil CSV into a new school (all new) and again (all updates),
  three interleaved rounds, median seconds; and once more under ``tracemalloc``
  for the peak Python memory of one import (the target: under 10 s, under 200 MB);
- counts the queries and times the pupil picker (the choices of the wizard's
  leerling field) and a typed-name check, for a school of 2,000 pupils, with the
  register at 1,000 pupils and at ``aantal``: the counts must be the same.
"""

import contextlib
import datetime
import os
import resource
import statistics
import sys
import time
import tracemalloc

import django


def csv_of(count, groep="5"):
    lines = ["leerlingnummer;roepnaam;tussenvoegsel;achternaam;geboortedatum;groep"]
    for i in range(count):
        born = datetime.date(2012, 1, 1) + datetime.timedelta(days=i % 2500)
        lines.append(f"{10000 + i};Kind{i};van;Bench{i};{born:%d-%m-%Y};{groep}")
    return ("\n".join(lines) + "\n").encode()


def main(total=100_000):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from django.core.exceptions import ValidationError

        from accounts.models import Organisation
        from forms.fieldtypes import FillContext
        from loket.leerlingen import imports
        from loket.lifecycle.form_fields import clean_leerling, register_choices
        from loket.models import Leerling
        from loket.names import name_key

        def school(name):
            return Organisation.objects.create(kind="school", name=name)

        def fill(count, schools):
            per = count // len(schools)
            for s in schools:
                Leerling.objects.bulk_create(
                    [
                        Leerling(
                            school=s,
                            naam=f"Leerling {s.pk} {i}",
                            naam_sleutel=name_key(f"Leerling {s.pk} {i}"),
                            geboortedatum=datetime.date(2012, 1, 1)
                            + datetime.timedelta(days=i % 2500),
                        )
                        for i in range(per)
                    ],
                    batch_size=2000,
                )

        def rss_mb():
            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        baseline = rss_mb()
        content = csv_of(2000)
        rounds = {"nieuw": [], "bijwerken": []}
        for n in range(3):
            target = school(f"Import {n}")
            for label in ("nieuw", "bijwerken"):
                started = time.perf_counter()
                result, _rows, _left = imports.run(target, content, dry_run=False)
                rounds[label].append(time.perf_counter() - started)
                assert result.committed and not result.has_errors()
        assert Leerling.objects.filter(school=target).count() == 2000
        tracemalloc.start()
        imports.run(school("Geheugen"), content, dry_run=False)
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        for label, times in rounds.items():
            print(
                f"import 2.000 leerlingen ({label}): mediaan {statistics.median(times):.2f} s "
                f"(rondes: {', '.join(f'{t:.2f}' for t in times)})"
            )
        print(f"import 2.000 leerlingen: piek Python-geheugen {peak:.0f} MB (tracemalloc)")
        print(
            f"proces: piek RSS {rss_mb():.0f} MB na 7 imports, {baseline:.0f} MB ervoor "
            "(Django, Wagtail en de testdatabase geladen)"
        )

        picked = school("Picker")
        fill(2000, [picked])
        others = [school(f"School {i}") for i in range(49)]
        context = FillContext(user=None, organisation=picked)
        field = type("F", (), {"required": True, "name": "leerling"})()
        typed = {"naam": "leerling  x", "geboortedatum": datetime.date(2013, 1, 1)}
        print(
            f"{'register':>10} {'keuzes':>7} {'queries':>7} {'mediaan ms':>10} "
            f"{'check q':>7} {'check ms':>8}"
        )
        for size in (1000, total):
            current = Leerling.objects.count()
            if size > current:
                fill(size - current, others)
            timings, check_timings = [], []
            for _ in range(7):
                with CaptureQueriesContext(connection) as queries:
                    t0 = time.perf_counter()
                    choices = register_choices(picked)
                    timings.append((time.perf_counter() - t0) * 1000)
                with CaptureQueriesContext(connection) as checks:
                    t0 = time.perf_counter()
                    # A "Bedoel je ...?" refusal is an answer too.
                    with contextlib.suppress(ValidationError):
                        clean_leerling(field, dict(typed), context)
                    check_timings.append((time.perf_counter() - t0) * 1000)
            print(
                f"{Leerling.objects.count():>10} {len(choices):>7} {len(queries):>7} "
                f"{statistics.median(timings):>10.1f} {len(checks):>7} "
                f"{statistics.median(check_timings):>8.1f}"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
