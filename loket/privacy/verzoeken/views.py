"""The register of AVG requests in the Wagtail admin: list, register, one request, its steps.

Only the privacy officer gets in (``policy.may_handle_avg_requests``), checked before
anything else, also before the method. Pupil names never travel in a URL: the pupil
search is a POST, and every page after it names the request by its number. Every
step is a POST to ``<nr>/<stap>/``; its form parses, ``services`` decides, and bad
input re-renders the request with a Dutch message and a 400.
"""

import functools

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from loket.models import AvgVerzoek, Leerling
from loket.privacy.register_tekst import retention_lines
from loket.privacy.verwerkingen import verwerkingen
from permissions import policy

from . import forms, services, termijnen

MAX_MATCHES = 25


def officers_only(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not policy.may_handle_avg_requests(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _register():
    """Every request is the privacy officer's: the register has no per-user slice."""
    return AvgVerzoek.objects.select_related("leerling__school")


@officers_only
@require_GET
def index(request):
    show_all = request.GET.get("status") == "alle"
    verzoeken = _register() if show_all else _register().filter(status=AvgVerzoek.Status.OPEN)
    today = timezone.localdate()
    rows = [
        {
            "verzoek": v,
            "overdue": v.is_open and termijnen.is_overdue(v.termijn, today),
            "nearly": v.is_open and termijnen.is_nearly_due(v.termijn, today),
        }
        for v in verzoeken.order_by("status", "termijn", "pk")[:200]
    ]
    return TemplateResponse(
        request, "loket/admin/verzoeken_index.html", {"rows": rows, "show_all": show_all}
    )


@officers_only
@require_GET
def verwerkingsregister(request):
    """The register of processing (art. 30) as the code keeps it: the same entries
    the README's privacy section is generated from (``loket.privacy.verwerkingen``)."""
    categories = [
        {"key": key, "v": verwerking, "bewaren": retention_lines(verwerking)}
        for key, verwerking in verwerkingen.items()
    ]
    return TemplateResponse(
        request, "loket/admin/verwerkingsregister.html", {"categories": categories}
    )


@officers_only
@require_http_methods(["GET", "POST"])
def new(request):
    search = forms.SearchForm(request.POST if "zoeken" in request.POST else None)
    new_form = forms.NewRequestForm(
        request.POST if "registreren" in request.POST else None,
        initial={"ontvangen_op": timezone.localdate()},
    )
    matches, status = None, 200
    if search.is_bound:
        if search.is_valid():
            matches = _matches(search.cleaned_data["q"], search.cleaned_data["geboortedatum"])
        else:
            status = 400
    if new_form.is_bound:
        if new_form.is_valid():
            data = new_form.cleaned_data
            leerling = get_object_or_404(Leerling.objects.all(), pk=data["leerling"])
            try:
                verzoek = services.register(
                    request.user, leerling, data["soort"], data["ontvangen_op"]
                )
            except ValidationError as error:
                new_form.add_error(None, error)
            else:
                messages.success(
                    request, _("Verzoek %(nr)s is geregistreerd.") % {"nr": verzoek.pk}
                )
                return redirect("avg_verzoeken:detail", pk=verzoek.pk)
        status = 400
    context = {"search": search, "new_form": new_form, "matches": matches}
    return TemplateResponse(request, "loket/admin/verzoek_nieuw.html", context, status=status)


def _matches(query, born):
    leerlingen = Leerling.objects.filter(naam__icontains=query).select_related("school")
    if born is not None:
        leerlingen = leerlingen.filter(geboortedatum=born)
    return list(leerlingen.order_by("naam", "geboortedatum", "pk")[:MAX_MATCHES])


def _detail_context(verzoek, bound=None):
    """The request's page; ``bound``: the form of a failed step, shown with its errors."""
    leerling = verzoek.leerling
    step_forms = {
        "verlengen": forms.ExtendForm(),
        "besluiten": forms.DecideForm(),
        "wissing_weigeren": forms.RefuseErasureForm(),
        "corrigeren": forms.RectifyForm(
            initial={
                "naam": leerling.naam,
                "geboortedatum": leerling.geboortedatum,
                "leerlingnummer": leerling.leerlingnummer,
                "groep": leerling.groep,
            }
        )
        if leerling is not None
        else None,
    }
    if bound is not None:
        step_forms[bound[0]] = bound[1]
    return {
        "verzoek": verzoek,
        "leerling": leerling,
        "dossiers": list(services.dossiers_of(verzoek)),
        "stappen": verzoek.stappen.order_by("at", "pk"),
        "overdue": verzoek.is_open and termijnen.is_overdue(verzoek.termijn),
        "days_left": termijnen.days_left(verzoek.termijn),
        "forms": step_forms,
        "Soort": AvgVerzoek.Soort,
    }


@officers_only
@require_GET
def detail(request, pk):
    verzoek = get_object_or_404(_register(), pk=pk)
    services.log_step(verzoek, request.user, services.Stap.BEKEKEN)
    return TemplateResponse(request, "loket/admin/verzoek_detail.html", _detail_context(verzoek))


# --- the steps: name -> (form class or None, function(verzoek, user, data) -> message) ---


def _extend(verzoek, user, data):
    verzoek = services.extend(verzoek, user, data["reden"])
    return _("De termijn is verlengd tot %(d)s.") % {"d": f"{verzoek.termijn:%d-%m-%Y}"}


def _decide(verzoek, user, data):
    services.decide(verzoek, user, data["besluit"], data["reden"])
    return _("Het besluit is vastgelegd; het verzoek is afgerond.")


def _refuse_erasure(verzoek, user, data):
    services.refuse_erasure(verzoek, user, data["uitzondering"], data["toelichting"])
    return _("De wissing is geweigerd; de uitzondering is als reden vastgelegd.")


def _rectify(verzoek, user, data):
    changed = services.rectify(verzoek, user, **data)
    if not changed:
        return _("Er is niets gewijzigd.")
    return _("Gecorrigeerd: %(fields)s.") % {"fields": ", ".join(changed)}


def _restrict(verzoek, user, data):
    services.restrict(verzoek, user, data["dossier"])
    return _("De verwerking van het dossier is beperkt.")


def _lift(verzoek, user, data):
    services.lift(verzoek, user, data["dossier"])
    return _("De beperking van de verwerking is opgeheven.")


def _erase(verzoek, user, data):
    services.erase(verzoek, user, data["dossier"])
    return _("Het dossier is gewist, met alle aanvragen, bestanden en het logboek ervan.")


def _inzage(verzoek, user, data):
    export = services.request_inzage_export(verzoek, user)
    return _("Export %(nr)s wordt gemaakt; je vindt hem onder AVG-inzage.") % {"nr": export.pk}


STEPS = {
    "verlengen": (forms.ExtendForm, _extend),
    "besluiten": (forms.DecideForm, _decide),
    "wissing_weigeren": (forms.RefuseErasureForm, _refuse_erasure),
    "corrigeren": (forms.RectifyForm, _rectify),
    "beperken": (forms.DossierForm, _restrict),
    "opheffen": (forms.DossierForm, _lift),
    "wissen": (forms.DossierForm, _erase),
    "inzage": (None, _inzage),
}


@officers_only
@require_POST
def step(request, pk, stap):
    if stap not in STEPS:
        raise Http404
    verzoek = get_object_or_404(_register(), pk=pk)
    form_class, run = STEPS[stap]
    form = form_class(request.POST) if form_class is not None else None
    if form is not None and not form.is_valid():
        return _failed(request, verzoek, stap, form)
    try:
        message = run(verzoek, request.user, form.cleaned_data if form is not None else {})
    except ValidationError as error:
        form = form or forms.DossierForm()
        form.add_error(None, error)
        return _failed(request, verzoek, stap, form)
    messages.success(request, message)
    return redirect("avg_verzoeken:detail", pk=verzoek.pk)


def _failed(request, verzoek, stap, form):
    for error in form.non_field_errors():
        messages.error(request, error)
    for name, errors in form.errors.items():
        if name != "__all__":
            label = form.fields[name].label or name
            for error in errors:
                messages.error(request, f"{label}: {error}")
    context = _detail_context(verzoek, bound=(stap, form))
    return TemplateResponse(request, "loket/admin/verzoek_detail.html", context, status=400)


class VerzoekenMenuItem(MenuItem):
    def is_shown(self, request):
        return policy.may_handle_avg_requests(request.user)


class VerzoekenViewSet(ViewSet):
    name = "avg_verzoeken"
    url_prefix = "avg-verzoeken"
    icon = "clipboard-list"
    menu_label = gettext_lazy("AVG-verzoeken")
    menu_order = 161
    add_to_admin_menu = True

    @property
    def menu_item_class(self):
        return VerzoekenMenuItem

    def get_urlpatterns(self):
        return [
            path("", index, name="index"),
            path("nieuw/", new, name="new"),
            path("verwerkingsregister/", verwerkingsregister, name="verwerkingsregister"),
            path("<int:pk>/", detail, name="detail"),
            path("<int:pk>/<slug:stap>/", step, name="step"),
        ]


def detail_url(verzoek):
    return reverse("avg_verzoeken:detail", args=[verzoek.pk])
