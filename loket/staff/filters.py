"""The filters of the SWV inbox, shared by the inbox and its export (same rows, same filters)."""

import django_filters
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from accounts.models import Organisation, Role, User
from loket.models import Aanvraag
from loket.staff import werkvoorraad
from loket.types import AanvraagType


class AanvraagFilterSet(WagtailFilterSet):
    actie = django_filters.ChoiceFilter(
        label=gettext_lazy("Actie nodig"),
        choices=list(werkvoorraad.LABELS.items()),
        method="filter_actie",
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), choices=Aanvraag.Status.choices
    )
    type = django_filters.ChoiceFilter(label=gettext_lazy("Soort"), choices=AanvraagType.choices)
    school = django_filters.ModelChoiceFilter(
        label=gettext_lazy("School"),
        queryset=Organisation.objects.filter(kind=Organisation.Kind.SCHOOL),
    )
    bestuur = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Bestuur"),
        field_name="school__bestuur",
        queryset=Organisation.objects.filter(kind=Organisation.Kind.BESTUUR),
    )
    consulent = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Consulent"),
        queryset=User.objects.filter(memberships__role=Role.CONSULENT).distinct(),
    )
    submitted_at = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Ingediend in periode"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Aanvraag
        fields = []

    def filter_actie(self, queryset, name, value):
        return queryset.filter(actie=value) if value else queryset
