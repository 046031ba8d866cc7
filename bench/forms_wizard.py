"""Benchmark of the form engine: wizard step time and queries, submit time, upload memory.

Run: ``DJANGO_SETTINGS_MODULE=cms.settings.test python -m bench.forms_wizard``
Uses a throw-away test database (created and destroyed here) and temporary storage.
"""

import os
import statistics
import time
import tracemalloc

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

ROUNDS = 20


def timed(fn, rounds=ROUNDS):
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), max(samples)


def main():
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        run()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run():
    import json

    from django.core.files.uploadedfile import TemporaryUploadedFile
    from django.test import Client

    from accounts.models import Role
    from accounts.roles import ensure_role_groups
    from devkit.clients import Wizard, login_verified
    from devkit.factories import MembershipFactory, SchoolFactory, UserFactory
    from devkit.files import pdf_bytes
    from forms import build as demo
    from forms import definition as d
    from forms.models import FormDraft, FormDraftFile, LoketFormPage
    from forms.uploads.files import accept_upload, store_upload
    from loket.demo import form_steps as demo_form_steps
    from loket.demo import forms as demo_forms

    ensure_role_groups()
    index = demo.form_index()
    school = SchoolFactory()
    user = UserFactory()
    MembershipFactory(user=user, organisation=school, role=Role.SCHOOLGEBRUIKER)
    client = login_verified(Client(), user)

    print(f"Form engine benchmark ({connection.vendor}), median/max of {ROUNDS} rounds")
    for n in (5, 50, 200):
        types = [d.SHORT_TEXT, d.NUMBER, d.AMOUNT, d.DATE, d.YES_NO]
        fields = [demo.fld(types[i % 5], f"veld{i}", f"Veld {i}", required=False) for i in range(n)]
        steps = [demo.step("Veel", fields), demo.step("Twee", [demo.fld(d.SHORT_TEXT, "x", "X")])]
        page = LoketFormPage(title=f"Bench {n}", slug=f"bench-{n}", steps=json.dumps(steps))
        index.add_child(instance=page)
        page.save_revision().publish()
        page.refresh_from_db()
        w = Wizard(client, page)
        w.start()
        w.current()
        with CaptureQueriesContext(connection) as q_get:
            w.current()
        get_queries = len(q_get)
        get_ms = timed(w.current)
        data = {f"veld{i}": "" for i in range(n)}
        with CaptureQueriesContext(connection) as q_post:
            w.post("stap1", data)
        post_queries = len(q_post)
        post_ms = timed(lambda w=w, data=data: w.post("stap1", data))
        print(
            f"  step with {n:>3} fields: GET {get_ms[0]:6.1f} ms (max {get_ms[1]:6.1f}), "
            f"{get_queries} queries; POST {post_ms[0]:6.1f} ms (max {post_ms[1]:6.1f}), "
            f"{post_queries} queries"
        )

    # Whole TOP-arrangement submission (5 attachments), repeated.
    from devkit.clients import pdf

    top = demo.create_form(index, demo_forms.form_specs()[0])
    top.refresh_from_db()
    durations = []
    for _ in range(5):
        w = Wizard(client, top)
        w.start()
        w.post(
            "stap1",
            {
                "leerling__naam": "Bench",
                "leerling__geboortedatum": "2016-01-01",
                "leerling__groep": "4",
                "contactpersoon": "B",
                "functie": "Directeur",
                "contact_email": "b@example.org",
            },
        )
        w.post(
            "stap2",
            {
                **dict.fromkeys((n for n, _ in demo_form_steps.STAPPEN), "on"),
                "wettelijk_kader": "Grijs gebied (gemeente en SWV)",
            },
        )
        w.post("stap3", {name: "Antwoord." for name, _ in demo_form_steps.VRAGEN})
        w.post(
            "stap4",
            {
                "startdatum": "2027-01-01",
                "uren": "10",
                "uurtarief": "80",
                "bestuur_akkoord": "on",
                "orthopedagoog_email": "orthopedagoog@example.org",
                "bestuur_email": "bestuur@example.org",
            },
        )
        w.post(
            "stap5",
            {},
            files={
                "opp": pdf(),
                "oza_formulier": pdf(),
                "onderbouwingsschema": pdf(),
            },
        )
        start = time.perf_counter()
        response = w.submit()
        durations.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 302, response
    print(f"  TOP-arrangement final submit (4 files): median {statistics.median(durations):.1f} ms")

    # Memory while checking and storing a 50 MB upload (spooled to disk by Django).
    draft = FormDraft.objects.first() or FormDraft.objects.create(
        user=user, page=top, revision=top.live_revision, organisation=school
    )
    upload = TemporaryUploadedFile("groot.pdf", "application/pdf", 50 * 1024 * 1024, None)
    # A real PDF (the pipeline parses it) with a 49 MB content stream (the ceiling is 50 MB).
    upload.write(pdf_bytes(pad=49 * 1024 * 1024))
    upload.size = upload.tell()
    upload.seek(0)
    tracemalloc.start()
    start = time.perf_counter()
    judged = accept_upload(upload, ["pdf"], 60)
    row = store_upload(FormDraftFile, judged, draft=draft, step="stap5", field_name="opp")
    elapsed = (time.perf_counter() - start) * 1000
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"  50 MB upload: checked + hashed + stored in {elapsed:.0f} ms, "
        f"peak Python memory {peak / 2**20:.1f} MB (file size {row.size / 2**20:.0f} MB)"
    )


if __name__ == "__main__":
    main()
