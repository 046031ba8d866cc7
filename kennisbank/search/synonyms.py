"""Synonyms a redacteur maintains in the admin (Fragmenten › Synoniemen).

Schools do not use the SWV's words: they ask for "toestemming" where the articles
say "instemming", or for "TLV" where the title says "toelaatbaarheidsverklaring".
A synonym group lists words (or short phrases) that mean the same; a query that
contains one of them is also searched with each of the others.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from cms.caching.pages import remember

MAX_VARIANTS = 6


def split_terms(text):
    return [t.strip().lower() for t in re.split(r"[,\n]", text or "") if t.strip()]


class SynonymGroup(models.Model):
    """Words that mean the same to a reader, e.g. "TLV, toelaatbaarheidsverklaring"."""

    terms = models.TextField(
        _("woorden met dezelfde betekenis"),
        help_text=_("Gescheiden door komma's, bijvoorbeeld: TLV, toelaatbaarheidsverklaring"),
    )

    panels = [FieldPanel("terms")]

    class Meta:
        app_label = "kennisbank"
        verbose_name = _("synoniemen")
        verbose_name_plural = _("synoniemen")
        ordering = ["terms"]

    def __str__(self):
        return ", ".join(split_terms(self.terms))

    def clean(self):
        if len(split_terms(self.terms)) < 2:
            raise ValidationError(
                {"terms": _("Geef minstens twee woorden, gescheiden door een komma.")}
            )


def all_groups():
    """Every group's words (one query); kept per page-cache generation by
    ``query_variants``, and a saved or deleted group starts a new one (``apps``)."""
    return [split_terms(g) for g in SynonymGroup.objects.values_list("terms", flat=True)]


def _pattern(term):
    return re.compile(r"(?<!\w)" + re.escape(term) + r"(?!\w)", re.IGNORECASE)


def query_variants(query_string, groups=None):
    """The query itself, then the query with each synonym in place of a word it contains."""
    if groups is None:
        groups = remember("synonym-groups", all_groups)
    variants = [query_string]
    for terms in groups:
        for term in terms:
            pattern = _pattern(term)
            if not pattern.search(query_string):
                continue
            for other in terms:
                if other != term:
                    variant = pattern.sub(other, query_string)
                    if variant not in variants:
                        variants.append(variant)
    return variants[:MAX_VARIANTS]
