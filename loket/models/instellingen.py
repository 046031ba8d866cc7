"""Rules of the loket a beheerder can change without a release (Wagtail setting)."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

DEFAULT_BEZWAAR = _(
    "Ben je het niet eens met dit besluit? Dan kan het bevoegd gezag van de school binnen "
    "zes weken na de datum van verzending schriftelijk bezwaar maken bij het "
    "samenwerkingsverband. Het bezwaar wordt voorgelegd aan de bezwaaradviescommissie van "
    "het samenwerkingsverband. Vermeld in het bezwaarschrift het kenmerk van dit besluit, "
    "de datum en de reden van het bezwaar."
)


@register_setting(icon="mail")
class LoketSettings(BaseGenericSetting):
    """Rules of the loket a beheerder can change without a release."""

    overdue_weeks = models.PositiveSmallIntegerField(
        _("termijn besluit (weken)"),
        default=6,
        help_text=_("Een complete aanvraag zonder besluit na zoveel weken telt als te laat."),
    )
    max_top_per_school_per_year = models.PositiveSmallIntegerField(
        _("maximum TOP-arrangementen per school per jaar"),
        null=True,
        blank=True,
        help_text=_(
            "Leeg: geen maximum. Boven dit aantal kent de commissie alleen toe als zij "
            "uitdrukkelijk afwijkt, met een reden."
        ),
    )
    top_max_amount = models.DecimalField(
        _("maximaal totaalbedrag TOP-arrangement (€)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "Gelijk aan de kosten van een plaatsing SO/SBO (stel dit bedrag als SWV zelf "
            "vast). Daarboven kent de commissie alleen toe als zij uitdrukkelijk afwijkt, "
            "met een reden. Leeg: geen maximum."
        ),
    )
    top_verdeling = models.CharField(
        _("boeking TOP-arrangement per kalenderjaar"),
        max_length=20,
        choices=[
            ("pro_rata", _("naar rato van de maanden")),
            ("startjaar", _("alles in het startjaar")),
        ],
        default="pro_rata",
        help_text=_(
            "Het SWV-deel wordt geboekt op het budget van elk kalenderjaar waarin het "
            "arrangement loopt, naar verhouding van de maanden (1 september tot 31 juli: "
            "4/11 en 7/11); of helemaal op het startjaar."
        ),
    )
    max_uurtarief = models.DecimalField(
        _("maximaal uurtarief (€ per uur)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        default=Decimal("80.00"),
        help_text=_(
            "Gecontroleerd bij het besluit (het veld met de rol 'Uurtarief'). Daarboven kent "
            "de commissie alleen toe als zij uitdrukkelijk afwijkt, met een reden. "
            "Leeg: geen maximum."
        ),
    )

    bezwaar_termijn_weken = models.PositiveSmallIntegerField(
        _("bezwaartermijn (weken)"),
        default=6,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Zo lang na de verzending van een besluit (of herziening) kan de school bezwaar "
            "maken; de dag van verzending plus dit aantal weken telt nog mee."
        ),
    )
    # Purpose: issue 27. A dossier without activity this long is listed for the school to
    # archive (Mijn loket) and for the consulent (admin); see ``loket.dossiers.inactivity``.
    dossier_inactief_maanden = models.PositiveSmallIntegerField(
        _("dossier zonder activiteit na (maanden)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_(
            "Een open dossier waarin zo lang niets is veranderd, staat bij de school en de "
            "consulent op de lijst om te archiveren. Verwijderd wordt het pas na de "
            "bewaartermijn 'Dossier zonder activiteit'."
        ),
    )
    bezwaar_clausule = models.TextField(
        _("bezwaarclausule"),
        default=DEFAULT_BEZWAAR,
        help_text=_("Staat onder elk besluit (pdf): hoe en binnen welke termijn bezwaar kan."),
    )
    ondertekening_functie = models.CharField(
        _("functie onder het besluit"),
        max_length=200,
        default=_("lid van de Commissie van Toewijzing"),
        help_text=_("Staat onder de naam van het commissielid dat het besluit vastlegde."),
    )
    ondertekening_geldig_dagen = models.PositiveSmallIntegerField(
        _("ondertekeningslink geldig (dagen)"),
        default=14,
        validators=[MinValueValidator(1)],
        help_text=_("Zo lang werkt de link waarmee orthopedagoog of bestuur mede-ondertekent."),
    )
    ondertekening_herinnering_dagen = models.PositiveSmallIntegerField(
        _("herinnering mede-ondertekening na (dagen)"),
        default=5,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Wie na zoveel dagen nog niet heeft getekend, krijgt één herinnering met een "
            "nieuwe link (de oude werkt dan niet meer)."
        ),
    )

    # TLV terms (loket.lifecycle.tlv): the re-request date is a day in the last school
    # year of a TLV (default 15 April); the school gets one reminder some weeks before.
    tlv_heraanvraag_dag = models.PositiveSmallIntegerField(
        _("heraanvraag TLV vóór: dag"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    tlv_heraanvraag_maand = models.PositiveSmallIntegerField(
        _("heraanvraag TLV vóór: maand"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(7)],
        help_text=_(
            "Een maand in het laatste schooljaar van de TLV vóór 1 augustus (1 = januari, "
            "7 = juli). Standaard 15 april."
        ),
    )
    tlv_herinnering_weken = models.PositiveSmallIntegerField(
        _("herinnering heraanvraag TLV (weken vooraf)"),
        default=6,
        validators=[MaxValueValidator(52)],
        help_text=_("Zoveel weken vóór de heraanvraagdatum krijgt de school één herinnering."),
    )

    # Evaluation of granted arrangements (loket.lifecycle.evaluatie): one reminder this
    # many days before a moment, and one when it has passed without an evaluation.
    evaluatie_herinnering_dagen = models.PositiveSmallIntegerField(
        _("herinnering evaluatie (dagen vooraf)"),
        default=14,
        validators=[MaxValueValidator(365)],
        help_text=_(
            "Zoveel dagen vóór een evaluatiemoment krijgt de school één herinnering; is de "
            "datum voorbij zonder evaluatie, dan nog één."
        ),
    )

    class Meta:
        verbose_name = _("loketinstellingen")

    def clean(self):
        import datetime

        from django.core.exceptions import ValidationError

        try:  # 2028 is a leap year: 29 February is allowed, 31 April is not
            datetime.date(2028, self.tlv_heraanvraag_maand or 0, self.tlv_heraanvraag_dag or 0)
        except ValueError:
            raise ValidationError(
                {"tlv_heraanvraag_dag": _("Deze dag bestaat niet in die maand.")}
            ) from None
