"""Demo home page and site settings."""

from django.db import transaction
from wagtail.models import Site

from cms.models import SiteSettings

from .models import HomePage


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
    return {"home": home, "site": site}
