"""The schooljaarovergang for the beheerder, in the Wagtail admin: all schools at once.

A school does its own overgang in Mijn loket (``year_views.overgang``), with the
pupils' names. The beheerder, who reads no pupil data anywhere (DESIGN.md), sees
here per school only counts — pupils that move up, that leave, open dossiers to
close — and carries out the overgang for one school or for all. The same service
runs both (``loket.leerlingen.schooljaren``), and ``manage.py schooljaarovergang``
for the operator.
"""

import functools

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from accounts.models import Organisation, Role
from loket.leerlingen import schooljaren
from loket.models import school_year_label
from permissions import policy


def beheerder_only(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not policy.has_role(request.user, Role.BEHEERDER):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


class YearForm(forms.Form):
    schooljaar = forms.TypedChoiceField(label=gettext_lazy("Naar schooljaar"), coerce=int)
    school = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(kind=Organisation.Kind.SCHOOL),
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schooljaar"].choices = schooljaren.year_choices()
        self.fields["schooljaar"].initial = schooljaren.school_year()


def _schools():
    return Organisation.objects.filter(kind=Organisation.Kind.SCHOOL).order_by("name")


@beheerder_only
def overview(request):
    form = YearForm(request.GET or None)
    year = form.cleaned_data["schooljaar"] if form.is_valid() else schooljaren.school_year()
    rows = []
    for school in _schools():
        plan = schooljaren.plan_transition(school, year)
        rows.append((school, len(plan.moves), len(plan.leavers), len(plan.to_archive)))
    context = {"form": form, "rows": rows, "year": year, "label": school_year_label(year)}
    status = 400 if request.GET and not form.is_valid() else 200
    return TemplateResponse(request, "loket/admin/schooljaarovergang.html", context, status=status)


@beheerder_only
def carry_out(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = YearForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een schooljaar en een school uit de lijst."))
        return redirect("schooljaarovergang:index")
    year, school = form.cleaned_data["schooljaar"], form.cleaned_data["school"]
    schools = [school] if school is not None else list(_schools())
    moved = left = 0
    for organisation in schools:
        done = schooljaren.apply_transition(organisation, year)
        moved, left = moved + len(done.moves), left + len(done.leavers)
    messages.success(
        request,
        _("Schooljaarovergang naar %(year)s: %(moved)s leerlingen overgezet, %(left)s vertrokken.")
        % {"year": school_year_label(year), "moved": moved, "left": left},
    )
    return redirect(f"{reverse('schooljaarovergang:index')}?schooljaar={year}")


class BeheerderMenuItem(MenuItem):
    def is_shown(self, request):
        return policy.has_role(request.user, Role.BEHEERDER)


class SchooljaarovergangViewSet(ViewSet):
    name = "schooljaarovergang"
    url_prefix = "schooljaarovergang"
    icon = "date"
    menu_label = gettext_lazy("Schooljaarovergang")
    menu_order = 910
    add_to_admin_menu = True

    @property
    def menu_item_class(self):
        return BeheerderMenuItem

    def get_urlpatterns(self):
        return [
            path("", overview, name="index"),
            path("uitvoeren/", carry_out, name="uitvoeren"),
        ]
