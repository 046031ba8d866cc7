"""The committee's decision on an aanvraag, and what may follow it.

A ``Bezwaar`` is lodged by the school within the term (``LoketSettings.bezwaar_termijn_weken``)
and decided by the commissie: hearing, then gegrond / ongegrond / ingetrokken;
``BezwaarUitstel`` is a late term the commissie allows with a reason. A
``Herziening`` replaces the current decision on the ``Besluit`` row and keeps the
decision it replaced on its own row, so the history reads without the documents;
the documents themselves (``FormeelDocument``) are never re-rendered. The rules are
in ``loket.lifecycle.besluit``, ``loket.lifecycle.bezwaar`` and ``loket.lifecycle.herziening``.
"""

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


def _user_fk(label):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=label,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class Bezwaar(models.Model):
    """One bezwaar of the school against the besluit (or herziening) of an aanvraag."""

    class Uitkomst(models.TextChoices):
        GEGROND = "gegrond", _("Gegrond")
        ONGEGROND = "ongegrond", _("Ongegrond")
        INGETROKKEN = "ingetrokken", _("Ingetrokken")

    aanvraag = models.ForeignKey(
        Aanvraag, verbose_name=_("aanvraag"), on_delete=models.CASCADE, related_name="bezwaren"
    )
    gronden = models.TextField(_("gronden van het bezwaar"))
    deadline = models.DateField(_("einde bezwaartermijn"))
    te_laat_reden = models.TextField(_("reden om een te laat bezwaar te aanvaarden"), blank=True)
    ingediend_door = _user_fk(_("ingediend door"))
    ingediend_op = models.DateTimeField(_("ingediend op"), auto_now_add=True)
    hoorzitting_op = models.DateTimeField(_("hoorzitting"), null=True, blank=True)
    hoorzitting_verslag = models.TextField(_("verslag van de hoorzitting"), blank=True)
    uitkomst = models.CharField(_("uitkomst"), max_length=20, choices=Uitkomst.choices, blank=True)
    uitkomst_motivering = models.TextField(_("motivering van de beslissing"), blank=True)
    uitkomst_op = models.DateTimeField(_("beslist op"), null=True, blank=True)
    behandeld_door = _user_fk(_("vastgelegd door"))

    class Meta:
        verbose_name = _("bezwaar")
        verbose_name_plural = _("bezwaren")
        ordering = ["ingediend_op", "pk"]

    def __str__(self):
        return f"Bezwaar {self.pk} ({self.aanvraag_id})"

    @property
    def is_open(self):
        return not self.uitkomst

    @property
    def status_label(self):
        if self.uitkomst:
            return self.get_uitkomst_display()
        return _("Hoorzitting gehouden") if self.hoorzitting_op else _("Ingediend")


class BezwaarUitstel(models.Model):
    """The commissie lets the school lodge a late bezwaar, until a date, with a reason."""

    aanvraag = models.ForeignKey(
        Aanvraag, verbose_name=_("aanvraag"), on_delete=models.CASCADE, related_name="+"
    )
    tot_en_met = models.DateField(_("bezwaar mogelijk tot en met"))
    reden = models.TextField(_("reden"))
    door = _user_fk(_("vastgelegd door"))
    op = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("uitstel bezwaartermijn")
        verbose_name_plural = _("uitstel bezwaartermijn")
        ordering = ["op", "pk"]

    def __str__(self):
        return f"Uitstel tot {self.tot_en_met} ({self.aanvraag_id})"


class Herziening(models.Model):
    """The commissie revises the besluit: the decision before and after, and why."""

    aanvraag = models.ForeignKey(
        Aanvraag, verbose_name=_("aanvraag"), on_delete=models.CASCADE, related_name="herzieningen"
    )
    bezwaar = models.ForeignKey(
        Bezwaar,
        verbose_name=_("naar aanleiding van bezwaar"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="herzieningen",
    )
    reden = models.TextField(_("reden van de herziening"))
    vorige_uitkomst = models.CharField(
        _("vorig besluit"), max_length=20, choices=Besluit.Uitkomst.choices
    )
    vorig_bedrag = models.DecimalField(
        _("vorig bedrag (€)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    uitkomst = models.CharField(_("nieuw besluit"), max_length=20, choices=Besluit.Uitkomst.choices)
    motivering = models.TextField(_("motivering"))
    tlv_categorie = models.PositiveSmallIntegerField(
        _("TLV-categorie"), choices=Besluit.TlvCategorie.choices, null=True, blank=True
    )
    start_date = models.DateField(_("ingangsdatum"), null=True, blank=True)
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    amount = models.DecimalField(
        _("toegekend totaalbedrag (€)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    override_reason = models.TextField(_("reden om af te wijken"), blank=True)
    decided_by = _user_fk(_("vastgelegd door"))
    decided_at = models.DateTimeField(_("herzien op"), auto_now_add=True)

    class Meta:
        verbose_name = _("herziening")
        verbose_name_plural = _("herzieningen")
        ordering = ["decided_at", "pk"]

    def __str__(self):
        return f"Herziening {self.pk} ({self.aanvraag_id})"

    @property
    def is_granted(self):
        return self.uitkomst == Besluit.Uitkomst.TOEGEKEND


class Evaluatiemoment(models.Model):
    """One evaluation moment of a granted arrangement, and the school's answer to it.

    The kader TOP-arrangementen asks an OZA-formulier "inclusief ... tijdspad en
    evaluatiemomenten" and, "bij de evaluatie", what lasting changes the trajectory
    brought. The moments are planned when the commissie grants (``bron``: the besluit's
    own dates, else the form's field with role *evaluatiedatum*, else halfway and at the
    end); the school answers one with a loket form whose hand-off is *evaluatie*. The
    answers and labels are copied here, like an aanvraag copies its submission, so the
    form engine's copy can be emptied by the retention rules and the evaluation lives and
    dies with the aanvraag's dossier. Rules: ``loket.lifecycle.evaluatie``.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ONTVANGEN = "ontvangen", _("Ontvangen")

    class Bron(models.TextChoices):
        BESLUIT = "besluit", _("Vastgelegd bij het besluit")
        FORMULIER = "formulier", _("Uit het aanvraagformulier")
        STANDAARD = "standaard", _("Halverwege en aan het eind")

    aanvraag = models.ForeignKey(
        Aanvraag,
        verbose_name=_("aanvraag"),
        on_delete=models.CASCADE,
        related_name="evaluatiemomenten",
    )
    due_date = models.DateField(_("evaluatiedatum"))
    bron = models.CharField(_("bron"), max_length=20, choices=Bron.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    # The draft the school started for this moment (one per moment) and, once sent, the
    # submission that answered it: both are the engine's key (one submission per draft).
    draft_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    answers = models.JSONField(default=dict, blank=True, editable=False)
    labels = models.JSONField(default=list, blank=True, editable=False)
    ingediend_door = _user_fk(_("ingediend door"))
    ontvangen_op = models.DateTimeField(_("ontvangen op"), null=True, blank=True)
    gelezen_op = models.DateTimeField(_("gelezen op"), null=True, blank=True)
    gelezen_door = _user_fk(_("gelezen door"))
    # Claimed by the scheduled job ``evaluatie_herinneren`` in the UPDATE that sends the
    # mail: one reminder before the date and one when it has passed, never more.
    herinnering_op = models.DateTimeField(null=True, blank=True, editable=False)
    te_laat_herinnering_op = models.DateTimeField(null=True, blank=True, editable=False)
    # The newest move to another date (``loket.lifecycle.evaluatie_verplaatsen``): the
    # reason is free text of the SWV, so it is kept here and not in the logboek.
    verplaatst_op = models.DateTimeField(_("verplaatst op"), null=True, blank=True)
    verplaatst_door = _user_fk(_("verplaatst door"))
    verplaatst_reden = models.TextField(_("reden van verplaatsen"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evaluatiemoment")
        verbose_name_plural = _("evaluatiemomenten")
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["aanvraag", "due_date"], name="evaluatiemoment_een_per_datum"
            )
        ]

    def __str__(self):
        return f"Evaluatie {self.due_date} ({self.aanvraag_id})"

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    # The answers read like the aanvraag's: by the labels snapshot of the revision used.
    answer_sections = Aanvraag.answer_sections
