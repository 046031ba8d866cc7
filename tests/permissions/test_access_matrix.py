"""The access matrix: every URL under ``/loket/`` and ``/inzage/`` (taken from the
URL resolver, so URLs added later are walked too), plus the form engine's pages
in the Wagtail tree, for ten kinds of visitor. The allowed set is asserted
exactly; a URL without a row in ``EXPECTED`` fails the test, so a new URL must
be given its row. Nothing answers 500, and no externe can change anything.
"""

import datetime

import pytest
from django.urls import reverse

from accounts.models import ConsulentAssignment, Role
from devkit.clients import login_verified
from loket.models import Aanvraag, Aanvulling, StatusChange
from permissions import grants
from permissions.models import InzageGrant
from tests.conftest import ensure_site_tree
from tests.loket.helpers import make_aanvraag
from tests.permissions.conftest import give, move_into_past
from tests.permissions.matrix import LOGIN, TO_INZAGE, VERIFY, outcome_of
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
    # Evaluation of a granted arrangement (issue 25): the school starts the form (POST; the
    # service refuses staff with a 403); a GET goes back to the aanvraag page.
    "loket:evaluatie": _row(404, school_a=302, commissie=302),
    "loket:besluit": _row(404, school_a=200, commissie=200, ext_valid=200),
    "loket:bijlage": _row(404, school_a=200, commissie=200, ext_valid=200),
    # The archived PDFs (besluit and ontvangstbevestiging): whoever may see the aanvraag.
    "loket:document": _row(404, school_a=200, commissie=200, ext_valid=200),
    "loket:dossier": _row(404, school_a=200, commissie=200),
    # Bezwaar (issue 25): the school lodges; the letters after the besluit are read by
    # who sees the aanvraag. An externe's inzage reaches only a herzien besluit, not the
    # letters about a bezwaar (the walk fills in a beslissing op bezwaar).
    "loket:bezwaar": _row(404, school_a=200),
    # The school withdraws its own bezwaar (POST; a GET goes back to the aanvraag page).
    "loket:bezwaar_intrekken": _row(404, school_a=302),
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
    # The evaluation form's own page starts nothing: the school opens it from the aanvraag.
    "page:form_evaluatie": _row(403),
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
    # Dossiers without activity (issue 27): each school its own list; the SWV's list is
    # in the admin (test_access_matrix_privacy.py).
    "loket:dossiers_inactief": _row(403, school_a=200, school_b=200),
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

    ensure_site_tree()
    index = form_index()
    top = create_form(index, form_specs()[0])
    top.refresh_from_db()
    # The evaluation form (hand-off "evaluatie"): started from a granted aanvraag only.
    evaluation = create_form(index, next(f for f in form_specs() if f["handoff"] == "evaluatie"))
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
        "bezwaar": bezwaar,
        "overdracht": waiting,
        "grant": valid,
        "draft": draft,
        # The index page's own URL is /loket/ (the loket's view answers there); it
        # lists the forms at /loket/aanvragen/nieuw/.
        "form_pages": {
            "page:form_index": "/loket/aanvragen/nieuw/",
            "page:form": top.url,
            "page:form_draft": f"{top.url}concept/{draft.key}/",
            "page:form_evaluatie": evaluation.url,
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
            elif name == "bezwaar_pk":
                kwargs[name] = world["bezwaar"].pk  # decided: a POST is refused (409)
            elif name == "moment_pk":
                kwargs[name] = 1  # any id: looked up among the aanvraag's moments
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
            outcome = outcome_of(get)
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
                    post.status_code == 302 and outcome_of(post) in (LOGIN, VERIFY, TO_INZAGE)
                )
                if not refused:
                    failures.append((actor, "POST", url, post.status_code))
            elif actor in ("anonymous", "unverified"):
                post = session.post(url)
                default = LOGIN if actor == "anonymous" else VERIFY
                allowed_post = {EXPECTED[view_name].get(actor, default)}
                if view_name == "instemming:bijlage":
                    allowed_post.add(405)  # GET only
                if outcome_of(post) not in allowed_post:
                    failures.append((actor, "POST", url, post.status_code))
    assert not failures, failures
    # Nothing changed through any of the externen's or anonymous requests.
    assert InzageGrant.objects.count() == grants_before
    assert InzageGrant.objects.filter(revoked_at__isnull=False).count() == 1
    assert not Aanvulling.objects.exists()
    assert Aanvraag.objects.get(pk=world["aanvraag"].pk).status == Aanvraag.Status.BESLOTEN
    assert not StatusChange.objects.filter(to_status=Aanvraag.Status.INGETROKKEN).exists()
