"""The admin form for one bewaartermijn: the kinds come from ``loket.privacy.retention.rules``,
each shown with its default and the source of that default."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from loket.models import Bewaartermijn
from loket.privacy.retention.rules import rules


def kind_choices():
    choices = []
    for key, rule in rules.items():
        if rule.default_days is None:  # follows another kind; nothing to set
            continue
        label = f"{rule.label} — standaard {rule.default_days} dagen {rule.starts}. {rule.source}"
        choices.append((key, label))
    return choices


class BewaartermijnForm(WagtailAdminModelForm):
    kind = forms.ChoiceField(label=_("soort gegevens"), choices=kind_choices)

    class Meta:
        model = Bewaartermijn
        fields = ["kind", "days", "action"]
