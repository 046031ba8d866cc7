"""The form page itself: start a new draft, or continue one ("Nieuw" / "Verder met ...").

Several drafts of one form may exist (one per person the form is about), so opening a form never
silently reopens one of them: when drafts exist the page lists them next to the
start form. The start form carries a one-time key, so a double click on
"Beginnen" makes one draft, not two.
"""

import uuid

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from forms import audiences, fillers, services
from forms.filling import drafts
from forms.handoff import unlisted
from forms.models import FormDraft, FormSubmission


def start_view(request, page):
    entry = unlisted(page)
    if entry is not None:  # its drafts are started by the app (forms.handoff)
        context = {"page": page, "hint": entry.start_hint}
        return TemplateResponse(request, "forms/started_elsewhere.html", context, status=403)
    organisations = list(fillers.organisations_of(request.user).order_by("name"))
    organisations = audiences.allowed(page, organisations)
    if not organisations:
        return not_for(request, page)
    policy = fillers.policy_for(request.user)
    error = None
    if request.method == "POST":
        chosen = request.POST.get("organisation") or (
            organisations[0].pk if len(organisations) == 1 else None
        )
        organisation = next((o for o in organisations if str(o.pk) == str(chosen)), None)
        if organisation is not None:
            draft = services.start_draft(
                request.user,
                page,
                organisation,
                title=request.POST.get("title", ""),
                key=request.POST.get("start_key"),
            )
            return redirect(draft.get_absolute_url())
        error = policy.choose_message
    return TemplateResponse(
        request,
        "forms/start.html",
        {
            "page": page,
            "drafts": drafts.for_list(request.user, page, organisations=organisations),
            "organisations": organisations,
            "organisation_noun": policy.organisation_noun,
            "error": error,
            "start_key": uuid.uuid4(),
        },
        status=400 if error else 200,
    )


def not_for(request, page):
    """A form limited to audiences none of the user's organisations is in: a 403 that
    says for whom the form is (the list of forms does not offer it)."""
    return TemplateResponse(
        request,
        "forms/not_for_you.html",
        {"page": page, "audiences": audiences.labels(page)},
        status=403,
    )


def confirmation_url(page, submission):
    return f"{page.url}ingediend/{submission.key}/"


def gone(request, page, key):
    """A draft URL or POST for a draft the user cannot see: submitted (to its
    confirmation), deleted (a POST is told so), or another organisation's (404)."""
    from django.http import Http404

    key = drafts.parse_key(key)
    submission = (
        FormSubmission.objects.filter(key=key, user=request.user, page=page).first()
        if key
        else None
    )
    if submission is not None:
        messages.info(request, _("Dit formulier is al ingediend."))
        return redirect(confirmation_url(page, submission))
    if request.method == "POST" and not (key and FormDraft.objects.filter(key=key).exists()):
        messages.warning(
            request, _("Dit concept bestaat niet meer. Er is niets ingediend of opgeslagen.")
        )
        return redirect(page.url)
    raise Http404
