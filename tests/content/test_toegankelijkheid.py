"""The toegankelijkheidsverklaring at /toegankelijkheid/: what it shows, the footer link
on every page, and a redacteur editing it in the admin (rules enforced in Dutch, the
change waiting for the eindredacteur)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from content.toegankelijkheid import BekendProbleem, ToegankelijkheidPage
from content.toegankelijkheid_rules import SLUG, STATUS_TEXT, Status, check, is_outdated
from devkit.clients import login_verified
from tests.conftest import ensure_site_tree

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)


@pytest.fixture
def statement():
    home = ensure_site_tree()
    page = ToegankelijkheidPage(
        title="Toegankelijkheidsverklaring",
        slug=SLUG,
        organisation="SWV Waalkant",
        website="SWV-portaal (portaal.example)",
        status=Status.B,
        statement_date=datetime.date(2026, 2, 20),
        evaluation_date=datetime.date(2026, 1, 15),
        evaluation_method="<p>Onderzocht volgens WCAG-EM door Bureau Toegang.</p>",
        contact_email="toegankelijk@swv.example",
        response_days=5,
    )
    page.known_problems = [
        BekendProbleem(
            description="Oude nieuwsbrieven zijn PDF's zonder koppen.",
            criterion="1.3.1 Info en relaties",
            plan="Omzetten naar webpagina's.",
            planned_date=datetime.date(2026, 9, 1),
        )
    ]
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_the_statement_shows_every_part_of_the_model(client, statement):
    response = client.get("/toegankelijkheid/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="utrecht-heading-1">Toegankelijkheidsverklaring</h1>' in html
    assert "SWV Waalkant" in html and "SWV-portaal (portaal.example)" in html
    assert "Status B – voldoet gedeeltelijk" in html and STATUS_TEXT[Status.B] in html
    assert "20 februari 2026" in html and "15 januari 2026" in html  # Dutch dates
    assert "Onderzocht volgens WCAG-EM" in html
    assert "Oude nieuwsbrieven zijn PDF" in html and "1.3.1 Info en relaties" in html
    assert "1 september 2026" in html and "Omzetten naar webpagina" in html
    assert "mailto:toegankelijk@swv.example" in html and "binnen 5 werkdagen" in html
    assert 'href="https://www.nationaleombudsman.nl/klacht-indienen"' in html
    assert "Nationale ombudsman" in html


def test_every_page_links_to_the_statement_in_its_footer(client, statement):
    for url in ("/", "/toegankelijkheid/", "/bestaat-niet/"):
        html = client.get(url).content.decode()
        footer = html[html.index("<footer") :]
        assert '<a href="/toegankelijkheid/">Toegankelijkheid</a>' in footer, url


def test_only_one_statement_below_the_home_page():
    assert ToegankelijkheidPage.max_count == 1
    assert ToegankelijkheidPage.parent_page_types == ["content.HomePage"]


@pytest.mark.parametrize(
    ("fields", "field", "fragment"),
    [
        ({"status": Status.A, "problem_count": 1}, "status", "past niet bij bekende problemen"),
        ({"status": Status.B, "problem_count": 0}, "status", "noem bij 'Bekende problemen'"),
        ({"status": Status.A, "evaluation_date": None}, "evaluation_date", "rust op een onderzoek"),
        ({"status": Status.B, "evaluation_method": "<p> </p>"}, "evaluation_method", "Beschrijf"),
        ({"statement_date": datetime.date(2026, 4, 1)}, "statement_date", "in de toekomst"),
        ({"evaluation_date": datetime.date(2026, 3, 1)}, "evaluation_date", "na de verklaring"),
        ({"slug": "verklaring"}, "slug", "/toegankelijkheid/"),
    ],
)
def test_the_rules_of_the_model_statement(fields, field, fragment):
    values = {
        "slug": SLUG,
        "status": Status.B,
        "statement_date": datetime.date(2026, 2, 20),
        "evaluation_date": datetime.date(2026, 1, 15),
        "evaluation_method": "<p>WCAG-EM</p>",
        "problem_count": 1,
        "today": TODAY,
    }
    assert check(**values) == {}
    errors = check(**{**values, **fields})
    assert fragment in errors[field]


def test_status_e_needs_no_evaluation_and_a_statement_ages_in_a_year():
    assert (
        check(
            slug=SLUG,
            status=Status.E,
            statement_date=TODAY,
            evaluation_date=None,
            evaluation_method="",
            problem_count=0,
            today=TODAY,
        )
        == {}
    )
    assert not is_outdated(datetime.date(2025, 3, 10), today=TODAY)
    assert is_outdated(datetime.date(2025, 2, 1), today=TODAY)


def _edit_data(page, status, problems):
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "organisation": page.organisation,
            "website": page.website,
            "status": status,
            "statement_date": timezone.localdate().isoformat(),
            "evaluation_date": "2026-01-15",
            "evaluation_method": rich_text("<p>Onderzocht volgens WCAG-EM.</p>"),
            "report_url": "",
            "measures": rich_text(""),
            "contact_email": page.contact_email,
            "contact_phone": "",
            "response_days": "3",
            "complaint_body": "Nationale ombudsman",
            "complaint_url": "https://www.nationaleombudsman.nl/klacht-indienen",
            "known_problems": inline_formset(problems, initial=len(problems)),
        }
    )


def _problem(page):
    problem = page.known_problems.get()
    return {
        "id": str(problem.pk),
        "description": problem.description,
        "criterion": problem.criterion,
        "kind": problem.kind,
        "plan": problem.plan,
        "planned_date": "2026-09-01",
        "ORDER": "1",
        "DELETE": "",
    }


def test_a_redacteur_edits_the_statement_and_it_waits_for_review(client, users, statement):
    login_verified(client, users["redacteur"])
    url = reverse("wagtailadmin_pages:edit", args=[statement.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _edit_data(statement, Status.B, [_problem(statement)]))
    assert response.status_code == 302, response.content.decode()[:2000]
    draft = ToegankelijkheidPage.objects.get(pk=statement.pk).get_latest_revision_as_object()
    assert draft.response_days == 3
    # Not live on one person's say-so: the public page still says five days.
    assert "binnen 5 werkdagen" in client.get("/toegankelijkheid/").content.decode()


def test_status_a_with_a_known_problem_is_refused_in_dutch(client, users, statement):
    login_verified(client, users["redacteur"])
    url = reverse("wagtailadmin_pages:edit", args=[statement.pk])
    response = client.post(url, _edit_data(statement, Status.A, [_problem(statement)]))
    assert response.status_code == 200  # the form again, with the message
    assert "past niet bij bekende problemen" in response.content.decode()
    # Deleting the problem in the same form makes status A acceptable.
    deleted = {**_problem(statement), "DELETE": "1"}
    response = client.post(url, _edit_data(statement, Status.A, [deleted]))
    assert response.status_code == 302


def test_the_demo_statement_is_valid_and_published():
    from content import demo

    home = ensure_site_tree()
    page = demo.statement(home)
    assert page.live and page.url == "/toegankelijkheid/"
    assert demo.statement(home).pk == page.pk  # idempotent
    assert not is_outdated(page.statement_date)
    errors = check(
        slug=page.slug,
        status=page.status,
        statement_date=page.statement_date,
        evaluation_date=page.evaluation_date,
        evaluation_method=page.evaluation_method,
        problem_count=page.known_problems.count(),
    )
    assert errors == {}
