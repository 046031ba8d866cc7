"""The pages around the wizard: confirmation, preview, "Mijn concepten".

The wizard itself is ``forms.filling.wizard``.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from forms import fillers, services
from forms.filling import drafts
from forms.filling.cleanup import delete_draft
from forms.filling.stepform import StepForm, describe

from . import definition as d
from .handoff import describe_result
from .models import FormSubmission


def confirmation_view(request, page, submission_key):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    submission = get_object_or_404(
        FormSubmission.objects.select_related("organisation"),
        key=submission_key,
        user=request.user,
        page=page,
    )
    return TemplateResponse(
        request,
        "forms/confirmation.html",
        {"page": page, "submission": submission, "result": describe_result(submission)},
    )


OPERATOR_LABELS = {
    d.EQUALS: _lazy("is gelijk aan"),
    d.ONE_OF: _lazy("is een van"),
    d.GREATER: _lazy("is groter dan"),
    d.LESS: _lazy("is kleiner dan"),
}


def preview_view(request, page):
    """Wagtail preview: every step with every field, no data, nothing submitted."""
    definition = page.definition()
    steps = []
    for step in definition.steps:
        form = StepForm(
            prefix=step.key,
            step_def=step,
            definition=definition,
            answers_before={},
            files_by_field={},
            preview=True,
        )
        rule = ""
        if step.condition is not None:
            rule = f"{OPERATOR_LABELS.get(step.condition.operator, '')} {describe(step.condition)}"
        steps.append({"step": step, "form": form, "layout": form.layout, "rule": rule})
    return TemplateResponse(request, "forms/preview.html", {"page": page, "steps": steps})


# --- Mijn concepten ----------------------------------------------------------------


def _require_filler(request):
    if not services.may_fill_in(request.user):
        raise PermissionDenied


@login_required
def drafts_view(request):
    """The drafts of the user's organisations: their own and their colleagues'."""
    # services.may_fill_in, with the organisations kept for the list (fewer queries).
    organisations = fillers.organisations_of(request.user)
    if not request.user.is_verified() or not organisations.exists():
        raise PermissionDenied
    policy = fillers.policy_for(request.user)
    return TemplateResponse(
        request,
        "forms/drafts.html",
        {
            "drafts": drafts.for_list(request.user, organisations=organisations),
            "organisation_noun": policy.organisation_noun,
            "retention_days": settings.FORMS_DRAFT_RETENTION_DAYS,
        },
    )


@login_required
def draft_delete_view(request, pk):
    _require_filler(request)
    draft = get_object_or_404(
        drafts.visible_to(request.user).select_related("page", "organisation"), pk=pk
    )
    if request.method == "POST":
        drafts.note_edit(draft, request.user, "verwijderd")
        with transaction.atomic():
            delete_draft(draft)
        messages.success(request, _("Het concept is verwijderd."))
        return redirect("forms:drafts")
    return TemplateResponse(request, "forms/draft_delete.html", {"draft": draft})
