"""Archiving a dossier and transferring it: the school's pages in Mijn loket.

Rules live in ``loket.dossiers.archive`` and ``loket.dossiers.transfer``; these views only fetch the
dossier from what the user may see and show the Dutch reason of a refusal.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from loket.dossiers import archive, transfer
from loket.dossiers.forms import AcceptForm, OverdrachtForm
from loket.dossiers.receiving import NEW, NearMiss
from loket.errors import TransitionError, run_form_action
from loket.lookups import own_dossier
from permissions import policy


@login_required
@require_http_methods(["GET", "POST"])
def archiveren(request, pk):
    dossier = own_dossier(request, pk)
    status = 200
    if request.method == "POST":
        try:
            archive.archive_dossier(dossier, request.user)
        except TransitionError as error:
            messages.error(request, error.message)
            status = error.status
        else:
            messages.success(request, _("Het dossier is gearchiveerd."))
            return redirect("loket:dossier", pk=dossier.pk)
    return render(
        request,
        "loket/dossier/archiveren.html",
        {"dossier": dossier, "earliest": archive.earliest_archive_date(dossier)},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def overdracht(request, pk):
    """Klaarzetten voor overdracht (only an archived dossier)."""
    dossier = own_dossier(request, pk)
    form = OverdrachtForm(request.POST or None)
    outcome = run_form_action(
        request,
        form,
        lambda data: transfer.prepare(
            dossier,
            request.user,
            receiver_text=data["ontvanger"],
            consent_date=data["consent_date"],
            consent_how=data["consent_how"],
        ),
    )
    if outcome.done:
        messages.success(
            request, _("Het dossier staat klaar. Laat de ontvanger weten dat er een dossier is.")
        )
        return redirect("loket:dossier", pk=dossier.pk)
    return render(
        request,
        "loket/dossier/overdracht.html",
        {"dossier": dossier, "form": form},
        status=outcome.status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def overdracht_accepteren(request, overdracht_pk):
    """The receiving school accepts with the pupil's date of birth, school year and group."""
    waiting = get_object_or_404(transfer.waiting_for(request.user), pk=overdracht_pk)
    form = AcceptForm(request.POST or None)
    asked = {}

    def accept(data):
        try:
            return transfer.accept(waiting, request.user, **data)
        except NearMiss as near:  # "Bedoel je …?": the page offers the candidates
            asked.update(candidates=near.candidates, incoming=near.incoming)
            raise

    outcome = run_form_action(request, form, accept)
    if outcome.done:
        new_dossier = outcome.result
        messages.success(request, _("Het dossier is overgenomen."))
        if policy.dossiers_received_by(request.user).filter(pk=new_dossier.pk).exists():
            return redirect("inzage:dossier", pk=new_dossier.pk)
        return redirect("loket:dossier", pk=new_dossier.pk)
    return render(
        request,
        "loket/dossier/accepteren.html",
        {"overdracht": waiting, "form": form, "new_choice": NEW, **asked},
        status=outcome.status,
    )
