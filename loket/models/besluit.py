"""The committee's decision on an aanvraag."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .aanvraag import Aanvraag


class Besluit(models.Model):
    """The committee's decision on an aanvraag."""

    class Uitkomst(models.TextChoices):
        TOEGEKEND = "toegekend", _("Toegekend")
        AFGEWEZEN = "afgewezen", _("Afgewezen")

    class TlvCategorie(models.IntegerChoices):
        LAAG = 1, _("Categorie 1 (laag)")
        MIDDEN = 2, _("Categorie 2 (midden)")
        HOOG = 3, _("Categorie 3 (hoog)")

    aanvraag = models.OneToOneField(
        Aanvraag, verbose_name=_("aanvraag"), on_delete=models.CASCADE, related_name="besluit"
    )
    uitkomst = models.CharField(_("besluit"), max_length=20, choices=Uitkomst.choices)
    motivering = models.TextField(_("motivering"))
    tlv_categorie = models.PositiveSmallIntegerField(
        _("TLV-categorie"), choices=TlvCategorie.choices, null=True, blank=True
    )
    start_date = models.DateField(_("ingangsdatum"), null=True, blank=True)
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    amount = models.DecimalField(
        _("toegekend totaalbedrag (€)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    override_reason = models.TextField(
        _("reden om af te wijken"),
        blank=True,
        help_text=_("Waarom de commissie toekent boven het maximale uurtarief of aantal."),
    )
    ondertekening_afwijking = models.TextField(
        _("reden om zonder alle mede-ondertekeningen te besluiten"), blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("besloten op"), auto_now_add=True)
    # Set once, by the scheduled job ``tlv_herinneren`` in the same UPDATE that claims the
    # reminder: a second run (or a second scheduler) finds it filled and sends nothing.
    tlv_herinnering_op = models.DateTimeField(
        _("herinnering heraanvraag verstuurd op"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")

    def __str__(self):
        return f"{self.get_uitkomst_display()} ({self.aanvraag_id})"

    @property
    def is_granted(self):
        return self.uitkomst == self.Uitkomst.TOEGEKEND
