"""The filters of the SWV inbox, shared by the inbox and its export (same rows, same filters).

``filters_html`` renders the inbox's filter drawer once per combination of filter
values and keeps it (``loket.staff.kept``): Django renders every ``<option>`` and
every radio button through a template, and the school, bestuur and consulent lists
cost a query each, on every request of the inbox. The drawer depends only on the
values chosen (codes, ids and dates, nothing personal), the language and those
three lists; any save or delete of an organisation, a membership or an account
(other than a login) moves ``kept.inbox_generation`` on, so a new school or a renamed
consulent shows at the next request. A form with errors is rendered afresh and kept
nowhere.
"""

import django_filters
from django.template.loader import render_to_string
from django.utils.translation import get_language, gettext_lazy
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from accounts.models import Organisation, Role, User
from loket.models import Aanvraag
from loket.staff import werkvoorraad
from loket.staff.kept import Kept
from loket.types import AanvraagType

FILTERS_TEMPLATE = "wagtailadmin/shared/headers/_filters.html"
_kept_filters = Kept(64)


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


def render_filters(filterset):
    """Wagtail's filter drawer, as ``slim_header.html`` includes it."""
    return render_to_string(FILTERS_TEMPLATE, {"filters": filterset})


def _hashable(value):
    return tuple(value) if isinstance(value, list | tuple) else value


def filters_html(filterset, generation):
    """The filter drawer of ``filterset`` (bound to the request's data), kept under
    ``generation`` (``kept.inbox_generation``, read before)."""
    if not filterset.is_valid():
        return render_filters(filterset)
    form = filterset.form
    values = tuple(_hashable(form[name].value()) for name in form.fields)
    key = (get_language(), generation, values)
    html = _kept_filters.get(key)
    if html is None:
        html = render_filters(filterset)  # under the generation read before it
        _kept_filters.put(key, html)
    return html
