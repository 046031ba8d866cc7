"""The access matrix: every URL under ``/loket/`` and ``/inzage/`` (taken from the
URL resolver, so URLs added later are walked too), plus the form engine's pages
in the Wagtail tree, for ten kinds of visitor. The allowed set is asserted
exactly; a URL without a row in ``EXPECTED`` fails the test, so a new URL must
be given its row. Nothing answers 500, and no externe can change anything.
"""

import datetime

import pytest
from django.urls import resolve, reverse

from accounts.models import ConsulentAssignment, Role
from devkit.clients import login_verified
from loket.models import Aanvraag, Aanvulling, StatusChange
from permissions import grants
from permissions.models import InzageGrant
from tests.conftest import ensure_site_tree
from tests.loket.helpers import make_aanvraag
from tests.permissions.conftest import give, move_into_past
from tests.urlwalk import iter_url_patterns

PREFIXES = ("/loket/", "/inzage/", "/instemming/", "/ondertekenen/")
ACTORS = [
    "anonymous",
    "unverified",
    "school_a",
    "school_b",
    "consulent_other",
    "commissie",
    "beheerder",
    "ext_valid",
    "ext_expired",
    "ext_revoked",
    "ext_other",
]
EXTERNEN = ["ext_valid", "ext_expired", "ext_revoked", "ext_other"]
# The beheerder reads no pupil data (issue 10): their row is that of a stranger.
SWV_AND_SCHOOLS = ["school_a", "school_b", "consulent_other", "commissie", "beheerder"]

LOGIN, VERIFY, TO_INZAGE = "login", "verify", "to_inzage"


def _row(default, **allowed):
    """Expected GET result for the eight logged-in-and-verified actors."""
    row = dict.fromkeys(SWV_AND_SCHOOLS + EXTERNEN, default)
    row.update(allowed)
    return row


# view name -> expected GET status (or redirect kind) per verified actor.
EXPECTED = {
    "loket:index": _row(
        200, **dict.fromkeys(EXTERNEN, TO_INZAGE)
    ),  # everyone's own (possibly empty) list
    "loket:aanvraag": _row(404, school_a=200, commissie=200),
    "loket:aanvulling": _row(404, school_a=302, commissie=302),  # GET goes back to the aanvraag
    "loket:intrekken": _row(404, school_a=200, commissie=200),
    # The TLV a verlenging extends: the school chooses (POST); GET goes back to the page.
    "loket:verlenging_koppelen": _row(404, school_a=302, commissie=302),
    "loket:besluit": _row(404, school_a=200, commissie=200, ext_valid=200),
    "loket:bijlage": _row(404, school_a=200, commissie=200, ext_valid=200),
    # The archived PDFs (besluit and ontvangstbevestiging): whoever may see the aanvraag.
    "loket:document": _row(404, school_a=200, commissie=200, ext_valid=200),
    "loket:dossier": _row(404, school_a=200, commissie=200),
    # Bezwaar (issue 25): the school lodges; the letters after the besluit are read by
    # who sees the aanvraag. An externe's inzage reaches only a herzien besluit, not the
    # letters about a bezwaar (the walk fills in a beslissing op bezwaar).
    "loket:bezwaar": _row(404, school_a=200),
    "loket:document_nr": _row(404, school_a=200, commissie=200),
    "loket:inzage_verlenen": _row(404, school_a=200),
    "loket:inzage_intrekken": _row(404, school_a=200),
    "inzage:index": _row(403, **dict.fromkeys(EXTERNEN, 200)),
    "inzage:dossier": _row(403, ext_valid=200, ext_expired=404, ext_revoked=404, ext_other=404),
    # The form engine: drafts and form pages are for school users only.
    "forms:drafts": _row(403, school_a=200, school_b=200),
    "forms:draft_delete": _row(403, school_a=200, school_b=404),  # school A's draft
    "page:form_index": _row(403, school_a=200, school_b=200),
    "page:form": _row(403, school_a=200, school_b=200),
    # School A's draft: its school's users continue it, school B's get a 404.
    "page:form_draft": _row(403, school_a=200, school_b=404),
    # Instemming, archive, transfer: the school's own pages. School A's dossier is
    # archived in the world below, with a transfer waiting for school B.
    "loket:instemming": _row(404, school_a=200),
    "loket:instemming_intrekken": _row(404, school_a=200),
    # The version an instemming was asked for: the school and the SWV who see the
    # aanvraag (an externe's inzage does not reach it); the plan's is the school's only.
    "loket:instemming_versie": _row(404, school_a=200, commissie=200),
    "loket:archiveren": _row(404, school_a=200),
    "loket:plan": _row(404, school_a=200),
    "loket:plan_instemming": _row(404, school_a=200),
    "loket:plan_instemming_intrekken": _row(404, school_a=200),
    "loket:plan_instemming_versie": _row(404, school_a=200),
    # Mede-ondertekening (issue 26): withdrawing a link and asking again are the school's.
    "loket:ondertekening_intrekken": _row(404, school_a=200),
    "loket:ondertekening_opnieuw": _row(404, school_a=200),
    "loket:overdracht": _row(404, school_a=200),
    "loket:overdracht_accepteren": _row(404, school_b=200),
    # The pupil register: each school its own pupils; nobody else reads it as a list.
    "loket:leerlingen": _row(403, school_a=200, school_b=200),
    "loket:leerlingen_importeren": _row(403, school_a=200, school_b=200),
    # One pupil (school A's): correct and merge are the school's own pages.
    "loket:leerling_corrigeren": _row(404, school_a=200),
    "loket:leerling_samenvoegen": _row(404, school_a=200),
    # POST only (the confirmation of a preview): the role is checked before the method.
    "loket:leerlingen_bevestigen": _row(403, school_a=405, school_b=405),
    "loket:schooljaarovergang": _row(403, school_a=200, school_b=200),
    # A pupil at home: reported by the pupil's school and the school's consulent.
    "loket:thuiszitten": _row(404, school_a=200, consulent=200),
    "loket:thuiszitten_einde": _row(404, school_a=405, consulent=405),  # POST only
}

# The parent's instemming pages are public (no account): an unknown link is a 404 for
# everyone, anonymous included; a logged-in user who has not finished 2FA is sent there.
PUBLIC = {"anonymous": 404, "unverified": VERIFY}
for _name in ("instemming:open", "instemming:code", "instemming:antwoord", "instemming:bijlage"):
    EXPECTED[_name] = {**_row(404), **PUBLIC}
# The mede-ondertekenaar's pages (orthopedagoog, bestuur: no account) likewise.
for _name in ("ondertekenen:open", "ondertekenen:code", "ondertekenen:tekenen"):
    EXPECTED[_name] = {**_row(404), **PUBLIC}


@pytest.fixture
def world(loket_users, school_a, school_b, make_user, externen, jeugdteam):
    from loket.lifecycle import services

    aanvraag = make_aanvraag(school_a, loket_users["school_a"], naam="Geheime Leerling")
    services.take_in(aanvraag, loket_users["consulent"])
    services.give_terugkoppeling(aanvraag, loket_users["consulent"], "Toelichting.")
    services.decide(aanvraag, loket_users["commissie"], uitkomst="afgewezen", motivering="Nee.")
    dossier = aanvraag.dossier
    school_user = loket_users["school_a"]
    valid = give(dossier, school_user, user=externen["valid"])
    move_into_past(give(dossier, school_user, user=externen["expired"]))  # task not run
    grants.revoke_grant(give(dossier, school_user, user=externen["revoked"]), school_user)
    # The other organisation's externe has a valid grant, but on a school B dossier.
    aanvraag_b = make_aanvraag(school_b, loket_users["school_b"], naam="Leerling Van B")
    give(aanvraag_b.dossier, loket_users["school_b"], organisation=jeugdteam)
    consulent_other = make_user(Role.CONSULENT, email="consulent-b@swv.example")
    ConsulentAssignment.objects.create(school=school_b, consulent=consulent_other)
    actors = {
        "school_a": school_user,
        "school_b": loket_users["school_b"],
        "consulent_other": consulent_other,
        "commissie": loket_users["commissie"],
        "beheerder": loket_users["beheerder"],
        "ext_valid": externen["valid"],
        "ext_expired": externen["expired"],
        "ext_revoked": externen["revoked"],
        "ext_other": externen["other"],
    }
    # The form engine: the demo TOP form and a draft of school A's user on it.
    from forms.build import create_form, form_index
    from forms.models import FormDraft
    from loket.demo.forms import form_specs
    from tests.conftest import ensure_site_tree

    ensure_site_tree()
    index = form_index()
    top = create_form(index, form_specs()[0])
    top.refresh_from_db()
    draft = FormDraft.objects.create(
        user=school_user,
        page=top,
        revision=top.live_revision,
        organisation=school_a,
    )
    # Instemming registered, the dossier archived and prepared for school B.
    from loket.dossiers import archive, transfer
    from loket.instemming import services as instemming
    from loket.lifecycle import bezwaar as bezwaar_rules
    from loket.school import plan

    bezwaar = bezwaar_rules.lodge(aanvraag, school_user, "Bezwaar.")
    bezwaar_rules.decide_bezwaar(bezwaar, loket_users["commissie"], "ongegrond", "Nee.")
    registered = instemming.register_outside(
        aanvraag, school_user, datum=datetime.date.today(), toelichting="Op papier."
    )
    opp = plan.save_plan(dossier, school_user, doelen="Lezen op niveau 1F.")
    plan_instemming = instemming.request_by_email(
        opp,
        school_user,
        emails=["ouder@thuis.example"],
        onderwerp="Instemming OPP",
        ends_on=datetime.date.today() + datetime.timedelta(days=14),
    )[0]
    from loket.instemming import ondertekening
    from loket.models import Medeondertekenaar

    partij = Medeondertekenaar.objects.create(
        page=top, rol="orthopedagoog", email_veld="orthopedagoog_email"
    )
    cosign = ondertekening.ask(aanvraag, partij, email="ortho@praktijk.example", user=school_user)
    archive.archive_dossier(dossier, school_user)
    school_b.licence_name = "SCHOOLB"
    school_b.save()
    waiting = transfer.prepare(
        dossier,
        school_user,
        receiver_text="schoolb",
        consent_date=datetime.date.today(),
        consent_how="Schriftelijk.",
    )
    return {
        "aanvraag": aanvraag,
        "dossier": dossier,
        "instemming": registered,
        "plan_instemming": plan_instemming,
        "ondertekening": cosign,
        "overdracht": waiting,
        "grant": valid,
        "draft": draft,
        # The index page's own URL is /loket/ (the loket's view answers there); it
        # lists the forms at /loket/aanvragen/nieuw/.
        "form_pages": {
            "page:form_index": "/loket/aanvragen/nieuw/",
            "page:form": top.url,
            "page:form_draft": f"{top.url}concept/{draft.key}/",
        },
        "actors": actors,
    }


def walked_urls(world):
    """(view name, concrete URL) for every pattern under /loket/ and /inzage/."""
    aanvraag = world["aanvraag"]
    values = {
        "reference": aanvraag.reference,
        "grant_pk": world["grant"].pk,
        "bijlage_pk": aanvraag.bijlagen.first().pk,
        "kind": "besluit",
        "document_pk": aanvraag.documenten.get(kind="beslissing_op_bezwaar").pk,
    }
    urls = []
    for sample_path, view_name, pattern in iter_url_patterns():
        if not sample_path.startswith(PREFIXES):
            continue
        if view_name is None:
            urls.append((None, sample_path))
            continue
        kwargs = {}
        for name in pattern.pattern.converters:
            if name == "pk" and view_name == "loket:bijlage":
                kwargs[name] = values["bijlage_pk"]
            elif name == "pk" and view_name in (
                "loket:instemming_intrekken",
                "loket:instemming_versie",
            ):
                kwargs[name] = world["instemming"].pk
            elif name == "overdracht_pk":
                kwargs[name] = world["overdracht"].pk
            elif name == "instemming_pk":
                kwargs[name] = world["plan_instemming"].pk
            elif name == "ondertekening_pk":
                kwargs[name] = world["ondertekening"].pk
            elif name == "pk" and view_name == "instemming:bijlage":
                kwargs = None
                break
            elif name == "pk" and view_name.startswith("loket:thuiszitten"):
                kwargs[name] = world["dossier"].leerling_id
            elif name == "periode_pk":
                kwargs[name] = 1  # any id: the pupil is checked first
            elif name == "pk" and view_name.startswith("loket:leerling_"):
                kwargs[name] = world["dossier"].leerling_id
            elif name == "pk" and view_name == "forms:draft_delete":
                kwargs[name] = world["draft"].pk
            elif name == "pk":
                kwargs[name] = world["dossier"].pk
            elif name in values:
                kwargs[name] = values[name]
            else:
                kwargs = None
                break
        try:
            url = reverse(view_name, kwargs=kwargs) if kwargs is not None else sample_path
        except Exception:  # a converter we cannot fill: the sampled path still gets walked
            url = sample_path
        urls.append((view_name, url))
    urls.extend(world["form_pages"].items())
    # The walk fills in the besluit; the ontvangstbevestiging is the document's other kind.
    urls.append(
        (
            "loket:document",
            reverse("loket:document", args=[aanvraag.reference, "ontvangstbevestiging"]),
        )
    )
    return urls


def _client_for(actor, world):
    from django.test import Client

    client = Client()
    if actor == "anonymous":
        return client
    if actor == "unverified":
        client.force_login(world["actors"]["school_a"])
        return client
    return login_verified(client, world["actors"][actor])


def _outcome(response):
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith("/account/inloggen/"):
            return LOGIN
        if location.startswith("/account/tweestaps/"):
            return VERIFY
        if location.startswith("/inzage/"):
            return TO_INZAGE
        return 302
    return response.status_code


def test_the_walk_finds_the_loket_and_inzage_urls(world):
    names = {name for name, _url in walked_urls(world)}
    assert set(EXPECTED) <= names


@pytest.mark.slow
def test_access_matrix(world, settings):
    # The walk requests each public instemming page ~40 times; the limit is tested
    # in tests/loket/test_instemming.py.
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "instemming_ip": "10000/600",
        "instemming_link": "10000/600",
    }
    urls = walked_urls(world)
    grants_before = InzageGrant.objects.count()
    failures = []
    for actor in ACTORS:
        session = _client_for(actor, world)
        for view_name, url in urls:
            get = session.get(url)
            outcome = _outcome(get)
            if get.status_code >= 500:
                failures.append((actor, "GET", url, get.status_code))
                continue
            if view_name not in EXPECTED:
                failures.append(("no row in EXPECTED for", view_name, url))
                continue
            if actor in ("anonymous", "unverified"):
                default = LOGIN if actor == "anonymous" else VERIFY
                expected = EXPECTED[view_name].get(actor, default)
            else:
                expected = EXPECTED[view_name][actor]
            if outcome not in (expected if isinstance(expected, set) else {expected}):
                failures.append((actor, "GET", url, outcome, expected))
            if (
                actor == "beheerder"
                and get.status_code == 200
                and not get.streaming
                and "Geheime Leerling" in get.content.decode(errors="replace")
            ):
                failures.append((actor, "sees the pupil", url))
            if actor.startswith("ext_"):
                body = (
                    get.content.decode(errors="replace")
                    if get.status_code == 200 and not get.streaming
                    else ""
                )
                if actor != "ext_valid" and "Geheime Leerling" in body:
                    failures.append((actor, "sees the pupil", url))
                post = session.post(url, {"reason": "x", "text": "x", "grantee": "org:1"})
                refused = post.status_code in (403, 404, 405) or (
                    post.status_code == 302 and _outcome(post) in (LOGIN, VERIFY, TO_INZAGE)
                )
                if not refused:
                    failures.append((actor, "POST", url, post.status_code))
            elif actor in ("anonymous", "unverified"):
                post = session.post(url)
                default = LOGIN if actor == "anonymous" else VERIFY
                allowed_post = {EXPECTED[view_name].get(actor, default)}
                if view_name == "instemming:bijlage":
                    allowed_post.add(405)  # GET only
                if _outcome(post) not in allowed_post:
                    failures.append((actor, "POST", url, post.status_code))
    assert not failures, failures
    # Nothing changed through any of the externen's or anonymous requests.
    assert InzageGrant.objects.count() == grants_before
    assert InzageGrant.objects.filter(revoked_at__isnull=False).count() == 1
    assert not Aanvulling.objects.exists()
    assert Aanvraag.objects.get(pk=world["aanvraag"].pk).status == Aanvraag.Status.BESLOTEN
    assert not StatusChange.objects.filter(to_status=Aanvraag.Status.INGETROKKEN).exists()


# --- Account URLs of the activation flow and the admin's account actions -------------
# (issue 10). Walked from the resolver like the loket: a new URL under these prefixes
# without a row fails. Outcome of GET per kind of visitor.
ACCOUNT_PREFIXES = ("/account/activeren/", "/admin/accounts/", "/admin/logout/")
ACCOUNT_ACTORS = ["anonymous", "unverified", "school_a", "redacteur", "beheerder"]
ACCOUNT_EXPECTED = {
    # An unknown, used or expired link: one Dutch page, nothing revealed, for anyone.
    "accounts:activate": dict.fromkeys(ACCOUNT_ACTORS, 410),
    # Without an enrolment attempt bound to this session: the same page.
    "accounts:activate_app": dict.fromkeys(ACCOUNT_ACTORS, 410),
    "accounts:activation_resend": {**dict.fromkeys(ACCOUNT_ACTORS, 405), "anonymous": LOGIN},
    # GET only asks; the unverified session is sent to its second factor first.
    "admin_logout": {**dict.fromkeys(ACCOUNT_ACTORS, 200), "unverified": VERIFY},
    "accounts_send_activation": {
        "anonymous": LOGIN,
        "unverified": VERIFY,
        "school_a": LOGIN,  # no admin access: Wagtail sends to the login page
        "redacteur": 302,  # admin, but not users: back to the dashboard
        "beheerder": 200,
    },
    "accounts_reset_two_factor": {
        "anonymous": LOGIN,
        "unverified": VERIFY,
        "school_a": LOGIN,
        "redacteur": 302,
        "beheerder": 200,
    },
}


def test_account_access_matrix(users):
    target = users["school_b"]
    urls = {}
    for sample_path, view_name, pattern in iter_url_patterns():
        if sample_path.startswith(ACCOUNT_PREFIXES):
            # The name that really answers (our logout shadows Wagtail's).
            view_name = resolve(sample_path).view_name
            converters = pattern.pattern.converters
            kwargs = {"user_id": target.pk} if "user_id" in converters else None
            urls[view_name] = reverse(view_name, kwargs=kwargs) if kwargs else sample_path
    assert set(urls) == set(ACCOUNT_EXPECTED), "every URL needs its row"
    failures = _get_as_each(ACCOUNT_ACTORS, users, urls, ACCOUNT_EXPECTED)
    assert not failures, failures


def _signed_in(actor, people):
    """A client for ``actor``: anonymous, logged in without the second factor (as
    ``people["school_a"]``), or logged in and verified as ``people[actor]``."""
    from django.test import Client

    client = Client()
    if actor == "unverified":
        client.force_login(people["school_a"])
    elif actor != "anonymous":
        login_verified(client, people[actor])
    return client


def _get_as_each(actors, people, urls, expected):
    """GET every ``{name: url}`` as each actor; the outcomes that differ from ``expected``."""
    failures = []
    for actor in actors:
        client = _signed_in(actor, people)
        for name, url in urls.items():
            outcome = _outcome(client.get(url))
            if outcome != expected[name][actor]:
                failures.append((actor, url, outcome, expected[name][actor]))
    return failures


# --- Privacy and figures in the admin (issue 12) --------------------------------------
# The AVG inzage export, the inbox export, the imports and the monitoring dashboard.
# Walked from the resolver: a new URL under these prefixes without a row fails.
PRIVACY_PREFIXES = (
    "/admin/avg-inzage/",
    "/admin/loket/export/",
    "/admin/importeren/",
    "/admin/monitoring/",
    "/admin/schooljaarovergang/",
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
    "monitoring:index": _admin_row(302, consulent=200, commissie=200, beheerder=200),
    "monitoring:export": _admin_row(302, consulent=200, commissie=200, beheerder=200),
    # The schooljaarovergang of all schools: the beheerder, counts only.
    "schooljaarovergang:index": _admin_row(302, beheerder=200),
    "schooljaarovergang:uitvoeren": _admin_row(302, beheerder=405),  # POST only
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
        client = _signed_in(actor, privacy_world["actors"])
        for view_name, url in urls.items():
            response = client.get(url)
            outcome = _outcome(response)
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


# --- The toegankelijkheidsverklaring (issue 28) -----------------------------------------
# A page in the tree, not a URL pattern: its public address and its edit screen in the
# admin. Everyone reads it (an unverified session is sent to its second factor first,
# as everywhere); only redacteuren and eindredacteuren edit it.
STATEMENT_ACTORS = [
    "anonymous",
    "unverified",
    "school_a",
    "externe",
    "consulent",
    "commissie",
    "formulierbeheerder",
    "beheerder",
    "redacteur",
    "eindredacteur",
]
STATEMENT_EXPECTED = {
    "/toegankelijkheid/": {**dict.fromkeys(STATEMENT_ACTORS, 200), "unverified": VERIFY},
    "edit": {
        **dict.fromkeys(STATEMENT_ACTORS, 302),  # admin, but not this page: the dashboard
        "anonymous": LOGIN,
        "unverified": VERIFY,
        "school_a": LOGIN,
        "externe": LOGIN,
        "redacteur": 200,
        "eindredacteur": 200,
    },
}


def test_statement_access_matrix(users):
    from content import demo

    statement = demo.statement(ensure_site_tree())
    urls = {
        "/toegankelijkheid/": "/toegankelijkheid/",
        "edit": reverse("wagtailadmin_pages:edit", args=[statement.pk]),
    }
    failures = _get_as_each(STATEMENT_ACTORS, users, urls, STATEMENT_EXPECTED)
    assert not failures, failures
