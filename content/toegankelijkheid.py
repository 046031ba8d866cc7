"""``/toegankelijkheid/``: the site's toegankelijkheidsverklaring (accessibility statement).

Public bodies in the Netherlands publish one per website, after the model of
digitoegankelijk.nl: organisation and website, a compliance status (A–E), the date
of the statement and of the last evaluation, how the site was evaluated, the known
problems with what is planned for each, a contact route for feedback and the
complaint route. A page (not a site setting) because it is public text that a
redacteur writes and an eindredacteur approves: it is one of the reviewed sections
(``content.roles``), so it goes live only through the four-eyes workflow, and a
publish purges the page cache as for every page. One per site, directly below
the home page, always at the same address: the footer of every page links there,
and the statement's URL is what the register of digitoegankelijk.nl records.

The rules (what each status claims, which fields it requires) are in
``content.toegankelijkheid_rules``.
"""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from cms.caching.sitewide import RestrictionsFromCacheMixin

from . import toegankelijkheid_rules as rules

TEXT_FEATURES = ["bold", "italic", "link", "ul", "ol"]


class ToegankelijkheidForm(WagtailAdminPageForm):
    """Checks the statement as a whole, known problems included (they are a formset,
    which the page model's own ``clean`` does not see)."""

    def clean(self):
        cleaned = super().clean()
        for field, message in rules.check(
            slug=cleaned.get("slug"),
            status=cleaned.get("status"),
            statement_date=cleaned.get("statement_date"),
            evaluation_date=cleaned.get("evaluation_date"),
            evaluation_method=cleaned.get("evaluation_method"),
            problem_count=self.problem_count(),
        ).items():
            self.add_error(field, message)
        return cleaned

    def problem_count(self):
        """The known problems the statement will list: filled in or kept, not deleted
        (read from the submitted data: the formset is validated after this form)."""
        formset = self.formsets.get("known_problems")
        if formset is None:
            return 0
        count = 0
        for form in formset.forms:
            delete = form.fields.get("DELETE")
            if delete is not None and delete.to_python(form["DELETE"].data):
                continue
            if form.instance.pk or form.has_changed():
                count += 1
        return count


class ToegankelijkheidPage(RestrictionsFromCacheMixin, Page):
    """The toegankelijkheidsverklaring of this website."""

    organisation = models.CharField(
        "naam van de organisatie",
        max_length=200,
        help_text="Bijvoorbeeld: Samenwerkingsverband Passend Onderwijs Waalkant.",
    )
    website = models.CharField(
        "website",
        max_length=200,
        help_text="Naam en adres van de website, bijvoorbeeld: SWV-portaal (portaal.swv.nl).",
    )
    status = models.CharField(
        "nalevingsstatus", max_length=1, choices=rules.Status.choices, default=rules.Status.E
    )
    statement_date = models.DateField("datum van deze verklaring")
    evaluation_date = models.DateField("datum van het laatste onderzoek", null=True, blank=True)
    evaluation_method = RichTextField(
        "hoe is de website onderzocht",
        blank=True,
        features=TEXT_FEATURES,
        help_text="Wie onderzocht de website, met welke methode (bijvoorbeeld WCAG-EM) en welke "
        "pagina's. Nodig bij status A en B.",
    )
    report_url = models.URLField("link naar het onderzoeksrapport", blank=True)
    measures = RichTextField(
        "aanvullende maatregelen",
        blank=True,
        features=TEXT_FEATURES,
        help_text="Wat de organisatie verder doet om de website toegankelijk te houden.",
    )
    contact_email = models.EmailField("e-mailadres voor meldingen")
    contact_phone = models.CharField("telefoonnummer voor meldingen", max_length=40, blank=True)
    response_days = models.PositiveSmallIntegerField(
        "reactie binnen (werkdagen)", default=5, help_text="Zo snel krijgt een melder antwoord."
    )
    complaint_body = models.CharField(
        "klachteninstantie", max_length=200, default="Nationale ombudsman"
    )
    complaint_url = models.URLField(
        "adres van de klachteninstantie",
        default="https://www.nationaleombudsman.nl/klacht-indienen",
    )

    base_form_class = ToegankelijkheidForm
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("organisation"),
                FieldPanel("website"),
                FieldPanel("status"),
                FieldPanel("statement_date"),
            ],
            heading="Verklaring",
        ),
        MultiFieldPanel(
            [
                FieldPanel("evaluation_date"),
                FieldPanel("evaluation_method"),
                FieldPanel("report_url"),
            ],
            heading="Onderzoek",
        ),
        InlinePanel("known_problems", heading="Bekende problemen", label="probleem"),
        FieldPanel("measures"),
        MultiFieldPanel(
            [
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
                FieldPanel("response_days"),
                FieldPanel("complaint_body"),
                FieldPanel("complaint_url"),
            ],
            heading="Contact en klachten",
        ),
    ]
    parent_page_types = ["content.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "toegankelijkheidsverklaring"
        verbose_name_plural = "toegankelijkheidsverklaringen"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["status_text"] = rules.STATUS_TEXT[self.status]
        context["problems"] = list(self.known_problems.all())
        return context


class BekendProbleem(Orderable):
    """One part of the site that does not (yet) meet the requirements, and the plan for it."""

    page = ParentalKey(
        ToegankelijkheidPage, related_name="known_problems", on_delete=models.CASCADE
    )
    description = models.TextField(
        "wat werkt niet", help_text="In gewone woorden: wie merkt wat, waar op de site."
    )
    criterion = models.CharField(
        "WCAG-succescriterium",
        max_length=120,
        blank=True,
        help_text="Bijvoorbeeld: 1.2.2 Ondertitels (vooraf opgenomen).",
    )
    kind = models.CharField(
        "soort", max_length=20, choices=rules.ProblemKind.choices, default=rules.ProblemKind.FIX
    )
    plan = models.TextField("wat we eraan doen", blank=True)
    planned_date = models.DateField("opgelost vóór", null=True, blank=True)

    panels = [
        FieldPanel("description"),
        FieldPanel("criterion"),
        FieldPanel("kind"),
        FieldPanel("plan"),
        FieldPanel("planned_date"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "bekend probleem"
        verbose_name_plural = "bekende problemen"

    def __str__(self):
        return self.criterion or self.description[:60]
