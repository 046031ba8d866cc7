"""The loket's demo forms, with windows relative to the day the demo runs.

* "TOP-arrangement aanvragen": always open.
* "Aanvraag TLV": requests for the current school year, open since 1 June before
  it started; the support starts on or after its first day (1 August).
* "Besluit loket- of schoolmodule doorgeven": closed since 1 July before the
  current school year (00:00 Europe/Amsterdam), so the closed state is visible.
* "Schoolarrangement" and "Groepsarrangement aanvragen": like the TLV, for the
  current school year: open since 1 June before it, support from 1 August.
* "Individueel arrangement aanvragen": open since 1 June before the current
  school year and until the summer holidays at its end (17 July inclusive);
  support from 1 August.
* "TLV-verlenging aanvragen" ((V)SO and external schools): open since the start
  of the school year ("in het nieuwe schooljaar"), only for schooltypes SO, VSO and
  extern (a BAO school neither sees nor opens it).
* "OZA-aanvraag (grijs gebied)": always open.
* "Evaluatie van een arrangement" (hand-off *evaluatie*): not in the list of forms; the
  school opens it from a granted aanvraag for a due evaluation moment.

Run the demo on 29 November 2026 and the dates are those of school year
2026-2027; in 2028 they move along. Idempotent: an existing form page (by slug)
is left as an editor may have changed it.
"""

import datetime
from functools import partial
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from forms.build import create_form, form_index
from loket.demo.form_arrangementen import (
    groepsarrangement_steps,
    individueel_steps,
    schoolarrangement_steps,
    tlv_verlenging_steps,
)
from loket.demo.form_evaluatie import evaluatie_steps
from loket.demo.form_oza import oza_steps
from loket.demo.form_steps import besluit_steps, long_date, tlv_steps, top_steps
from loket.lifecycle.form_setup import EVALUATIE, school_type_audience
from loket.types import AanvraagType

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def school_year_start(today):
    """1 August of the school year ``today`` falls in."""
    year = today.year if today >= datetime.date(today.year, 8, 1) else today.year - 1
    return datetime.date(year, 8, 1)


def form_specs(today=None):
    """The demo form pages as specs for ``forms.build.create_form``: TOP and TLV
    first (tests and the benchmark take ``[0]``), then the besluit module and
    the other aanvraag types."""
    today = today or timezone.localdate()
    start = school_year_start(today)
    tlv_open_from = datetime.datetime(start.year, 6, 1, tzinfo=AMSTERDAM)
    besluit_closed_at = datetime.datetime(start.year, 7, 1, tzinfo=AMSTERDAM)
    return _first_specs(start, tlv_open_from, besluit_closed_at) + _more_specs(start)


def _first_specs(start, tlv_open_from, besluit_closed_at):
    return [
        {
            "slug": "top-arrangement",
            "title": "TOP-arrangement aanvragen",
            "handoff": AanvraagType.TOP_ARRANGEMENT.value,
            "intro": "<p>Vraag een TOP-arrangement aan: tijdelijke extra ondersteuning in de "
            "groep, altijd 50/50 gefinancierd door schoolbestuur en SWV.</p>",
            "confirmation_text": "<p>Bedankt. Je consulent neemt de aanvraag in behandeling. "
            "Je ziet de status in Mijn loket.</p>",
            "notify_emails": "top-aanvragen@swv.example",
            "expected_days": 20,  # a demo value: the seeds name no term
            "steps": top_steps,
        },
        {
            "slug": "tlv",
            "title": "Aanvraag TLV",
            "handoff": AanvraagType.TLV.value,
            "intro": "<p>Vraag een toelaatbaarheidsverklaring aan voor het schooljaar "
            f"{start.year}-{start.year + 1}.</p>",
            "confirmation_text": "<p>Bedankt. De CTO behandelt je aanvraag.</p>",
            "notify_emails": "tlv@swv.example",
            "expected_days": 30,  # a demo value: the seeds name no term
            "open_from": tlv_open_from,
            "support_start_min": start,
            "support_start_field": "startdatum",
            "steps": partial(tlv_steps, start),
        },
        {
            "slug": "besluit-module",
            "title": "Besluit loket- of schoolmodule doorgeven",
            "handoff": AanvraagType.OVERIG.value,
            "intro": "<p>Geef door met welke module je school werkt.</p>",
            "confirmation_text": "<p>Bedankt, je keuze is doorgegeven.</p>",
            "open_until": besluit_closed_at,
            "steps": besluit_steps,
        },
    ]


def _next_year_window(start):
    """Requests for the school year starting at ``start``: from 1 June, support ≥ 1 August."""
    return {
        "open_from": datetime.datetime(start.year, 6, 1, tzinfo=AMSTERDAM),
        "support_start_min": start,
        "support_start_field": "startdatum",
    }


def _more_specs(start):
    year = f"{start.year}-{start.year + 1}"
    # "Tot uiterlijk de zomervakantie (17 juli)": closed from 18 July 00:00.
    individual_until = datetime.datetime(start.year + 1, 7, 18, tzinfo=AMSTERDAM)
    thanks = (
        "<p>Bedankt. Je consulent neemt de aanvraag in behandeling. Je ziet de status in "
        "Mijn loket.</p>"
    )
    return [
        {
            "slug": "tlv-verlenging",
            "title": "TLV-verlenging aanvragen",
            "handoff": AanvraagType.TLV_VERLENGING.value,
            "intro": "<p>Voor (V)SO-scholen en scholen buiten het samenwerkingsverband: vraag "
            "een verlenging aan van een toelaatbaarheidsverklaring die afloopt.</p>",
            "confirmation_text": "<p>Bedankt. De CTO behandelt je aanvraag.</p>",
            "open_from": datetime.datetime(start.year, 8, 1, tzinfo=AMSTERDAM),
            "audiences": [school_type_audience(t) for t in ("so", "vso", "extern")],
            "steps": tlv_verlenging_steps,
        },
        {
            "slug": "schoolarrangement",
            "title": "Schoolarrangement aanvragen",
            "handoff": AanvraagType.SCHOOLARRANGEMENT.value,
            "intro": f"<p>Vraag een schoolarrangement aan voor het schooljaar {year}: "
            f"ondersteuning die ingaat op of na {long_date(start)}.</p>",
            "confirmation_text": thanks,
            **_next_year_window(start),
            "steps": partial(schoolarrangement_steps, start),
        },
        {
            "slug": "groepsarrangement",
            "title": "Groepsarrangement aanvragen",
            "handoff": AanvraagType.GROEPSARRANGEMENT.value,
            "intro": f"<p>Vraag een groepsarrangement aan voor het schooljaar {year}: "
            f"ondersteuning die ingaat op of na {long_date(start)}.</p>",
            "confirmation_text": thanks,
            **_next_year_window(start),
            "steps": partial(groepsarrangement_steps, start),
        },
        {
            "slug": "individueel-arrangement",
            "title": "Individueel arrangement aanvragen",
            "handoff": AanvraagType.INDIVIDUEEL_ARRANGEMENT.value,
            "intro": f"<p>Vraag een individueel arrangement aan voor het schooljaar {year}. "
            "Nieuwe individuele aanvragen kunnen tot en met "
            f"{long_date(individual_until.date() - datetime.timedelta(days=1))}.</p>",
            "confirmation_text": thanks,
            **_next_year_window(start),
            "open_until": individual_until,
            "steps": partial(individueel_steps, start),
        },
        {
            "slug": "oza-aanvraag",
            "title": "OZA-aanvraag (grijs gebied)",
            "handoff": AanvraagType.OZA.value,
            "intro": "<p>Vraag een OZA aan als onderwijs en zorg samenkomen en de MIS-K een "
            "grijs gebied laat zien.</p>",
            "confirmation_text": thanks,
            "steps": oza_steps,
        },
        {
            # Not listed with the other forms: the school opens it from a granted
            # aanvraag in Mijn loket (loket.lifecycle.evaluatie).
            "slug": "evaluatie-arrangement",
            "title": "Evaluatie van een arrangement",
            "handoff": EVALUATIE,
            "intro": "<p>Evalueer het toegekende arrangement: wat heeft het traject "
            "opgeleverd voor de leerling, de leerkracht en de school?</p>",
            "confirmation_text": "<p>Bedankt. De evaluatie staat bij de aanvraag in Mijn "
            "loket; je consulent leest haar.</p>",
            "steps": evaluatie_steps,
        },
    ]


def __getattr__(name):
    # ``FORMS`` is computed when read, so it follows the clock (tests, the demo).
    if name == "FORMS":
        return form_specs()
    raise AttributeError(name)


# The demo TOP form's mede-ondertekenaars (issue 26): role label, e-mail field.
TOP_COSIGNERS = [("orthopedagoog", "orthopedagoog_email"), ("bestuur", "bestuur_email")]


def configure_cosigners(top_page):
    """The orthopedagoog and the bestuur sign every TOP-arrangement (as the kader asks);
    an existing setting is left as a formulierbeheerder may have changed it."""
    from loket.models import Medeondertekenaar

    for order, (rol, field) in enumerate(TOP_COSIGNERS):
        Medeondertekenaar.objects.get_or_create(
            page=top_page, rol=rol, defaults={"email_veld": field, "volgorde": order}
        )


def limit_audiences(page, spec):
    """A demo form that is limited (TLV-verlenging: SO, VSO, extern) but was made by an
    older demo, open to every school, gets its limit, published as a new revision so
    the editor shows it too. A page already limited is left as an editor chose."""
    wanted = list(spec.get("audiences") or [])
    if not wanted or page.audiences:
        return
    page = page.specific
    page.audiences = wanted
    page.save_revision().publish()


@transaction.atomic
def run(stdout=None):
    from accounts.roles import ensure_role_groups

    index = form_index()
    specs = form_specs()
    pages = [create_form(index, spec) for spec in specs]
    for page, spec in zip(pages, specs, strict=True):
        limit_audiences(page, spec)
    configure_cosigners(pages[0])
    ensure_role_groups()  # formulierbeheerders get the form index subtree
    if stdout is not None:
        stdout.write(f"Loketformulieren: {', '.join(p.title for p in pages)}")
    return {"index": index, "pages": pages}
