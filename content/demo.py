"""Demo home page, site settings and the toegankelijkheidsverklaring."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from cms.models import SiteSettings

from .models import HomePage
from .toegankelijkheid import BekendProbleem, ToegankelijkheidPage
from .toegankelijkheid_rules import SLUG, ProblemKind, Status


def publish_child(parent, page):
    """Add ``page`` under ``parent`` and publish it, as an editor would (demo steps share this)."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@transaction.atomic
def run(stdout=None):
    # The home page itself comes from a migration (content 0002); the demo only
    # fills in the texts an editor would.
    home = HomePage.objects.get()
    site = Site.objects.get(is_default_site=True)
    SiteSettings.objects.update_or_create(
        site=site,
        defaults={
            "helpdesk_name": "Helpdesk SWV Waalkant",
            "helpdesk_email": "helpdesk@swv.example",
            "helpdesk_phone": "012 345 6789",
            "helpdesk_hours": "Maandag tot en met vrijdag van 9.00 tot 16.00 uur",
            "footer_text": "Samenwerkingsverband Passend Onderwijs Waalkant (fictief).",
            # The letterhead of besluiten and ontvangstbevestigingen (PDF).
            "letterhead_name": "Samenwerkingsverband Passend Onderwijs Waalkant",
            "letterhead_address": "Postbus 1234\n6500 AA Waalstad",
        },
    )
    return {"home": home, "site": site, "toegankelijkheid": statement(home)}


def statement(home):
    """The demo's toegankelijkheidsverklaring: status B with two known problems. Dated
    relative to today, so the demo's statement is never over a year old."""
    existing = ToegankelijkheidPage.objects.first()
    if existing:
        return existing
    today = timezone.localdate()
    page = ToegankelijkheidPage(
        title="Toegankelijkheidsverklaring",
        slug=SLUG,
        organisation="Samenwerkingsverband Passend Onderwijs Waalkant",
        website="SWV-portaal (portaal.swv-waalkant.example)",
        status=Status.B,
        statement_date=today - timedelta(days=7),
        evaluation_date=today - timedelta(days=30),
        evaluation_method=(
            "<p>Het portaal is onderzocht door een extern bureau volgens de WCAG-EM-methode: "
            "een steekproef van 25 pagina's (kennisbank, handleidingen, nieuwsbrieven, Mijn loket "
            "en de formulieren), met schermlezer, toetsenbord en vergroting. Daarnaast controleert "
            "een automatische test (axe-core) elke nieuwe versie.</p>"
        ),
        measures=(
            "<p>Redacteuren volgen een training toegankelijk schrijven; elke pagina wordt door een "
            "tweede redacteur nagekeken voordat ze online komt.</p>"
        ),
        contact_email="toegankelijkheid@swv.example",
        contact_phone="012 345 6789",
        response_days=5,
    )
    page.known_problems = [
        BekendProbleem(
            description="Nieuwsbrieven van voor 2025 staan alleen als PDF online, zonder "
            "koppen en zonder tekst bij afbeeldingen.",
            criterion="1.3.1 Info en relaties; 1.1.1 Niet-tekstuele content",
            kind=ProblemKind.FIX,
            plan="We zetten deze nieuwsbrieven om naar webpagina's.",
            planned_date=today + timedelta(days=120),
        ),
        BekendProbleem(
            description="De instructievideo over de loketmodule heeft geen audiodescriptie: wat "
            "alleen in beeld staat, wordt niet uitgesproken.",
            criterion="1.2.5 Audiodescriptie (vooraf opgenomen)",
            kind=ProblemKind.FIX,
            plan="Het transcript onder de video beschrijft wat er in beeld gebeurt; bij de "
            "volgende versie van de video komt er een audiodescriptie bij.",
            planned_date=today + timedelta(days=180),
        ),
    ]
    return publish_child(home, page)
