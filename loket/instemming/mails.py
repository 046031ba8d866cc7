"""The e-mails of instemming to parents and pupils: they name only the school.

Never the pupil, never an answer: the link (and, after opening it, the code) is
the only way to what the mail is about.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _

from loket.models import Instemming


def link(subject, email, onderwerp, link, ends_on, rol):
    school = subject.school.name
    greeting = (
        _("Beste leerling,") if rol == Instemming.Rol.LEERLING else _("Beste ouder/verzorger,")
    )
    body = _(
        "%(greeting)s\n\n"
        "%(school)s vraagt je instemming. Open deze link om te lezen waarom het gaat "
        "en je antwoord te geven:\n\n%(link)s\n\n"
        "Na het openen sturen we een code naar dit e-mailadres.\n"
        "De link werkt tot en met %(date)s.\n\nMet vriendelijke groet,\n%(school)s"
    ) % {
        "greeting": greeting,
        "school": school,
        "link": link,
        "date": ends_on.strftime("%d-%m-%Y"),
    }
    send_mail(onderwerp, body, settings.DEFAULT_FROM_EMAIL, [email])


def informed(subject, emails, onderwerp):
    """The parents' notice when the pupil consents: no link, no pupil data."""
    school = subject.school.name
    body = _(
        "Beste ouder/verzorger,\n\n"
        "%(school)s heeft de leerling om instemming gevraagd. Een leerling van 16 jaar "
        "of ouder beslist daar zelf over; je hoeft niets te doen. Wil je meer weten, "
        "neem dan contact op met de school.\n\nMet vriendelijke groet,\n%(school)s"
    ) % {"school": school}
    for email in emails:
        send_mail(onderwerp, body, settings.DEFAULT_FROM_EMAIL, [email])


def cosign_link(record, link, reminder=False):
    """A party's link to co-sign: the school, the kind of aanvraag and its kenmerk, the
    end date; never the pupil. A reminder says the earlier link no longer works."""
    aanvraag = record.aanvraag
    values = {
        "school": aanvraag.school.name,
        "soort": aanvraag.get_type_display(),
        "kenmerk": aanvraag.reference,
        "rol": record.rol,
        "link": link,
        "date": record.ends_on.strftime("%d-%m-%Y"),
    }
    intro = (
        _(
            "Herinnering: %(school)s vroeg je als %(rol)s een aanvraag (%(soort)s, kenmerk "
            "%(kenmerk)s) mede te ondertekenen. Je hebt nog niet geantwoord. De eerdere "
            "link werkt niet meer; gebruik deze:"
        )
        if reminder
        else _(
            "%(school)s vraagt je als %(rol)s een aanvraag (%(soort)s, kenmerk %(kenmerk)s) "
            "mede te ondertekenen. Open deze link om de aanvraag te lezen en te ondertekenen "
            "of te weigeren:"
        )
    ) % values
    body = _(
        "Beste %(rol)s,\n\n%(intro)s\n\n%(link)s\n\n"
        "Na het openen sturen we een code naar dit e-mailadres.\n"
        "De link werkt tot en met %(date)s.\n\nMet vriendelijke groet,\n%(school)s"
    ) % {**values, "intro": intro}
    subject = (
        _("Herinnering: verzoek om mede-ondertekening")
        if reminder
        else _("Verzoek om mede-ondertekening")
    )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [record.email])
