"""Mede-ondertekening pages: the party's link (``/ondertekenen/<token>/...``, public,
token + code, rate limited like the instemming link) and the school's withdraw and
ask-again pages on Mijn loket. Rules are in ``ondertekening`` and ``ondertekening_link``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from loket.errors import TransitionError
from loket.instemming import ondertekening, versie
from loket.instemming import ondertekening_link as link
from loket.instemming.forms import OndertekeningForm, OpnieuwVragenForm
from loket.instemming.services import LinkClosed
from loket.instemming.views import _school_aanvraag, code_page, rate_limited

SESSION_KEY = "ondertekening_verified"
HEADING = gettext_lazy("Mede-ondertekening")


def _closed(request, error):
    return render(
        request,
        "loket/instemming/gesloten.html",
        {"message": error.message, "heading": HEADING},
        status=error.status,
    )


# --- the school ------------------------------------------------------------------------


def _school_record(request, reference, pk):
    """The school's own aanvraag (404 for anyone else), then the record among its own."""
    aanvraag = _school_aanvraag(request, reference)
    return aanvraag, get_object_or_404(aanvraag.medeondertekeningen.all(), pk=pk)


def _back(aanvraag):
    return aanvraag.get_absolute_url() + "#ondertekening"


@login_required
@require_http_methods(["GET", "POST"])
def intrekken(request, reference, ondertekening_pk):
    aanvraag, record = _school_record(request, reference, ondertekening_pk)
    status = 200
    if request.method == "POST":
        try:
            ondertekening.revoke(record, request.user)
        except TransitionError as error:
            messages.error(request, error.message)
            status = error.status
        else:
            messages.success(request, _("De link is ingetrokken."))
            return redirect(_back(aanvraag))
    return render(
        request,
        "loket/instemming/ondertekening_intrekken.html",
        {"record": record, "back_url": _back(aanvraag)},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def opnieuw(request, reference, ondertekening_pk):
    """Ask the same party again: a new link (to a corrected address if need be)."""
    aanvraag, record = _school_record(request, reference, ondertekening_pk)
    form = OpnieuwVragenForm(request.POST or None, initial={"email": record.email})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                ondertekening.ask_again(record, request.user, email=form.cleaned_data["email"])
            except TransitionError as error:
                form.add_error(None, error.message)
                status = error.status
            else:
                messages.success(request, _("Er is een nieuwe link verstuurd."))
                return redirect(_back(aanvraag))
    return render(
        request,
        "loket/instemming/ondertekening_opnieuw.html",
        {"record": record, "form": form, "back_url": _back(aanvraag)},
        status=status,
    )


# --- the party's pages ------------------------------------------------------------------


@rate_limited(heading=HEADING)
@require_http_methods(["GET", "POST"])
def open_link(request, token):
    try:
        record = link.open_link(token, first_view=True)
    except LinkClosed as error:
        return _closed(request, error)
    if request.method == "POST":
        try:
            link.send_code(record)
        except TransitionError as error:
            messages.error(request, error.message)
        else:
            return redirect("ondertekenen:code", token=token)
    return render(
        request,
        "loket/instemming/ondertekening_open.html",
        {"record": record, "school": record.aanvraag.school.name, "token": token},
    )


@rate_limited(heading=HEADING)
@require_http_methods(["GET", "POST"])
def code(request, token):
    try:
        record = link.open_link(token)
    except LinkClosed as error:
        return _closed(request, error)
    return code_page(
        request,
        record,
        verify=link.verify_code,
        session_key=SESSION_KEY,
        next_url=reverse("ondertekenen:tekenen", kwargs={"token": token}),
        extra={"open_url": reverse("ondertekenen:open", kwargs={"token": token})},
    )


@rate_limited(heading=HEADING)
@require_http_methods(["GET", "POST"])
def tekenen(request, token):
    """Read-only: the frozen version (answers and file names) with its fingerprint;
    then sign, or decline with a reason."""
    try:
        record = link.open_link(token)
    except LinkClosed as error:
        return _closed(request, error)
    if record.pk not in request.session.get(SESSION_KEY, []):
        return redirect("ondertekenen:open", token=token)
    form = OndertekeningForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            getekend = form.cleaned_data["antwoord"] == "tekenen"
            try:
                link.sign(record, getekend=getekend, reden=form.cleaned_data["reden"])
            except LinkClosed as error:
                return _closed(request, error)
            except TransitionError as error:
                form.add_error(None, error.message)
            else:
                request.session.pop(SESSION_KEY, None)
                return render(
                    request,
                    "loket/instemming/ondertekening_bedankt.html",
                    {"getekend": getekend, "school": record.aanvraag.school.name},
                )
    frozen = record.versie
    return render(
        request,
        "loket/instemming/ondertekening_tekenen.html",
        {
            "record": record,
            "school": record.aanvraag.school.name,
            "sections": versie.sections(frozen),
            "bestanden": [f["naam"] for f in frozen.get("bestanden", [])],
            "short": record.versie_sha256[: versie.SHORT],
            "form": form,
            "token": token,
        },
        status=status,
    )
