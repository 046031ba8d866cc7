"""Privacy and figures in the admin, per visitor: AVG export, inbox export, imports, monitoring."""

import pytest
from django.urls import reverse

from accounts.models import Role
from tests.loket.helpers import make_aanvraag
from tests.permissions.matrix import LOGIN, VERIFY, outcome_of, signed_in
from tests.urlwalk import iter_url_patterns

# --- Privacy and figures in the admin (issue 12) --------------------------------------
# The AVG inzage export, the inbox export, the imports and the monitoring dashboard.
# Walked from the resolver: a new URL under these prefixes without a row fails.
PRIVACY_PREFIXES = (
    "/admin/avg-inzage/",
    "/admin/loket/export/",
    "/admin/importeren/",
    "/admin/monitoring/",
    "/admin/schooljaarovergang/",
    "/admin/leerlingen-importeren/",
    "/admin/loket/dossiers-zonder-activiteit/",
)
PRIVACY_ACTORS = [
    "anonymous",
    "unverified",
    "school_a",
    "externe",
    "redacteur",
    "consulent",
    "commissie",
    "beheerder",
    "privacy",
    "privacy_other",
]
# Wagtail answers a refused admin page with a redirect to the dashboard (302).
NO_ADMIN = {"anonymous": LOGIN, "unverified": VERIFY, "school_a": LOGIN, "externe": LOGIN}


def _admin_row(default, **allowed):
    row = dict.fromkeys(PRIVACY_ACTORS, default)
    row.update(NO_ADMIN)
    row.update(allowed)
    return row


PRIVACY_EXPECTED = {
    "avg_admin:index": _admin_row(302, commissie=200, privacy=200, privacy_other=200),
    "avg_admin:request": _admin_row(302, commissie=405, privacy=405, privacy_other=405),
    # The export belongs to "privacy": anyone else who may export gets a 404.
    "avg_admin:download": _admin_row(302, commissie=404, privacy=200, privacy_other=404),
    # The inbox export: SWV staff their own rows, the beheerder anonymised rows.
    "loket_admin:export": _admin_row(302, consulent=200, commissie=200),
    # Imports: the beheerder only (organisations and users are theirs).
    "accounts_import": _admin_row(302, beheerder=200),
    "accounts_import_confirm": _admin_row(302, beheerder=405),
    # Monitoring: aggregates for the SWV roles that see the loket's figures.
    # Dossiers without activity: the SWV staff who see the schools, never the beheerder.
    "loket_admin:dossiers_inactief": _admin_row(302, consulent=200, commissie=200),
    "monitoring:index": _admin_row(302, consulent=200, commissie=200, beheerder=200),
    "monitoring:export": _admin_row(302, consulent=200, commissie=200, beheerder=200),
    # The schooljaarovergang of all schools: the beheerder, counts only.
    "schooljaarovergang:index": _admin_row(302, beheerder=200),
    "schooljaarovergang:uitvoeren": _admin_row(302, beheerder=405),  # POST only
    # A school's pupil list imported by the beheerder: counts only, no names.
    "leerlingenimport:index": _admin_row(302, beheerder=200),
    "leerlingenimport:bevestigen": _admin_row(302, beheerder=405),  # POST only
}


@pytest.fixture
def privacy_world(loket_users, make_user, django_capture_on_commit_callbacks):
    from loket.privacy.avg import export as avg_export

    aanvraag = make_aanvraag(
        loket_users["school_a"].schools().first(), loket_users["school_a"], naam="Geheime Leerling"
    )
    privacy = make_user(Role.PRIVACY, email="privacy@swv.example")
    with django_capture_on_commit_callbacks(execute=True):
        export = avg_export.request_export(privacy, aanvraag.dossier.leerling)
    actors = {
        name: loket_users[name]
        for name in ("school_a", "externe", "redacteur", "consulent", "commissie", "beheerder")
    }
    actors["privacy"] = privacy
    actors["privacy_other"] = make_user(Role.PRIVACY, email="privacy2@swv.example")
    return {"actors": actors, "export": export}


def _privacy_urls(world):
    urls = {}
    for sample_path, view_name, pattern in iter_url_patterns():
        if not sample_path.startswith(PRIVACY_PREFIXES):
            continue
        converters = pattern.pattern.converters
        kwargs = {"pk": world["export"].pk} if "pk" in converters else None
        urls[view_name] = reverse(view_name, kwargs=kwargs) if kwargs else sample_path
    return urls


def _text_of(response):
    """The body as text; an XLSX is read cell by cell."""
    if response["Content-Type"].startswith("application/vnd.openxml"):
        import io

        import openpyxl

        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        return " ".join(str(cell.value) for row in sheet.iter_rows() for cell in row)
    return response.content.decode(errors="replace")


def test_privacy_access_matrix(privacy_world):
    urls = _privacy_urls(privacy_world)
    assert set(urls) == set(PRIVACY_EXPECTED), "every URL needs its row"
    failures = []
    # The download is once only: "privacy" goes last, so the others meet a ready export.
    for actor in PRIVACY_ACTORS:
        client = signed_in(actor, privacy_world["actors"])
        for view_name, url in urls.items():
            response = client.get(url)
            outcome = outcome_of(response)
            if response.status_code >= 500 or outcome != PRIVACY_EXPECTED[view_name][actor]:
                failures.append((actor, url, outcome, PRIVACY_EXPECTED[view_name][actor]))
            if (
                actor in ("beheerder", "redacteur")
                and response.status_code == 200
                and not response.streaming
                and "Geheime Leerling" in _text_of(response)
            ):
                failures.append((actor, "sees the pupil", url))
            if response.streaming:
                b"".join(response.streaming_content)
    assert not failures, failures
