"""Wagtail admin views of the newsletter: test and real sends, progress, figures, import.

Registered in ``content.wagtail_hooks``. Sending needs ``content.send_newsletter``
(redacteur), viewing sends ``content.view_newslettersend``, importing
``content.import_subscriber`` (beheerder).
"""

import re
import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.files.deletion import delete_on_commit
from cms.files.storage import private_storage
from cms.operations import outbox

from . import bounces, sending
from .imports import ImportFileError, preview_rows, run_import
from .models import NewsletterList, NewsletterPage, NewsletterSend, Subscription
from .tasks import send_confirmation

UPLOAD_DIR = "newsletter-imports"
UPLOAD_NAME = re.compile(r"^[0-9a-f]{32}$")


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _lists_with_counts():
    return NewsletterList.objects.annotate(
        n_active=Count("subscriptions", filter=Q(subscriptions__status=Subscription.Status.ACTIVE))
    )


class SendForm(forms.Form):
    lists = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Naar welke lijsten?"),
        queryset=NewsletterList.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Kies minstens één lijst.")},
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("Ik heb de testmail bekeken en wil deze nieuwsbrief nu versturen."),
        error_messages={"required": gettext_lazy("Vink aan dat je de nieuwsbrief wilt versturen.")},
    )


def send_issue(request, page_id):
    """Test send to yourself (latest draft) or send the published issue to lists."""
    _require(request, "content.send_newsletter")
    page = get_object_or_404(NewsletterPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    form = SendForm()
    if request.method == "POST" and request.POST.get("action") == "test":
        draft = page.get_latest_revision_as_object()
        sending.send_test(draft, request.user.email)
        messages.success(
            request, _("De testmail is verstuurd naar %(email)s.") % {"email": request.user.email}
        )
        return redirect("newsletter_admin_send", page_id=page.pk)
    if request.method == "POST":
        form = SendForm(request.POST)
        valid = form.is_valid()
        if not page.live:
            form.add_error(
                None,
                _("Publiceer de nieuwsbrief eerst; alleen de gepubliceerde versie gaat eruit."),
            )
            valid = False
        if valid:
            if page.has_unpublished_changes:
                messages.warning(
                    request, _("Let op: niet-gepubliceerde wijzigingen zijn niet meegestuurd.")
                )
            send = sending.create_send(page, form.cleaned_data["lists"], request.user)
            messages.success(request, _("De nieuwsbrief staat klaar om te versturen."))
            return redirect("newsletter_admin_send_detail", send_id=send.pk)
    sends = bounces.with_figures(sending.with_figures(NewsletterSend.objects.filter(issue=page)))
    return TemplateResponse(
        request,
        "content/newsletter/admin/send_issue.html",
        {
            "page": page,
            "form": form,
            "lists": _lists_with_counts(),
            "sends": sends,
            "figures": sending.issue_figures(page),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def send_list(request):
    """All sends with their figures."""
    if not (
        request.user.has_perm("content.view_newslettersend")
        or request.user.has_perm("content.send_newsletter")
    ):
        raise PermissionDenied
    sends = bounces.with_figures(
        sending.with_figures(NewsletterSend.objects.select_related("issue"))
    )
    sends = sends[:100]
    return TemplateResponse(request, "content/newsletter/admin/send_list.html", {"sends": sends})


def send_detail(request, send_id):
    """Progress and results of one send; POST resumes a send that stopped."""
    if not (
        request.user.has_perm("content.view_newslettersend")
        or request.user.has_perm("content.send_newsletter")
    ):
        raise PermissionDenied
    sends = bounces.with_figures(sending.with_figures(NewsletterSend.objects.all()))
    send = get_object_or_404(sends, pk=send_id)
    if request.method == "POST":
        _require(request, "content.send_newsletter")
        sending.resume(send)
        messages.success(request, _("De verzending is hervat."))
        return redirect("newsletter_admin_send_detail", send_id=send.pk)
    done = send.n_sent + send.n_failed
    return TemplateResponse(
        request,
        "content/newsletter/admin/send_detail.html",
        {
            "send": send,
            "lists": send.lists.all(),
            "reasons": sending.failure_reasons(send),
            "percentage": round(100 * done / send.n_recipients) if send.n_recipients else 100,
            "can_resume": send.status != NewsletterSend.Status.DONE
            and send.n_queued + send.n_sending > 0
            and request.user.has_perm("content.send_newsletter"),
        },
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Bestand (CSV of Excel)"),
        help_text=gettext_lazy(
            "Eerste regel: kolomnamen ‘email’ en eventueel ‘naam’. Hooguit 5 MB."
        ),
    )
    lists = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Op welke lijsten?"),
        queryset=NewsletterList.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Kies minstens één lijst.")},
    )
    consent_note = forms.CharField(
        label=gettext_lazy("Bewijs van toestemming (alleen als je dat hebt)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Waar en wanneer gaven deze mensen toestemming, bijvoorbeeld ‘aanmeldformulier "
            "studiedag 12 maart 2026, archief map X’. Leeg: iedereen krijgt eerst een "
            "bevestigingsmail en staat pas na bevestiging op de lijst."
        ),
    )


class ImportConfirmForm(forms.Form):
    upload = forms.RegexField(regex=UPLOAD_NAME, widget=forms.HiddenInput)
    lists = forms.ModelMultipleChoiceField(
        queryset=NewsletterList.objects.all(), widget=forms.MultipleHiddenInput
    )
    consent_note = forms.CharField(required=False, widget=forms.HiddenInput)


def _upload_path(upload_id):
    return f"{UPLOAD_DIR}/{upload_id}.bin"


def import_subscribers(request):
    """Upload → dry-run preview → confirm. The upload waits in private storage meanwhile."""
    _require(request, "content.import_subscriber")
    storage = private_storage()
    context = {"form": ImportForm()}
    if request.method == "POST" and "upload" in request.POST:
        confirm_form = ImportConfirmForm(request.POST)
        if not confirm_form.is_valid() or not storage.exists(
            _upload_path(confirm_form.cleaned_data["upload"])
        ):
            messages.error(
                request, _("Dit importbestand is niet meer beschikbaar; upload het opnieuw.")
            )
            return redirect("newsletter_admin_import")
        path = _upload_path(confirm_form.cleaned_data["upload"])
        with storage.open(path, "rb") as handle:
            content = handle.read()
        result, resource = run_import(
            content,
            confirm_form.cleaned_data["lists"],
            confirm_form.cleaned_data["consent_note"],
            request.user,
            dry_run=False,
        )
        # Retried until the storage confirms (cms.files.deletion): the upload holds addresses.
        delete_on_commit("private", [path])
        for subscriber_id in resource.to_confirm:
            outbox.enqueue(send_confirmation, subscriber_id)
        totals = result.totals
        messages.success(
            request,
            _(
                "Import klaar: %(new)s nieuw, %(update)s bestaand, %(invalid)s niet geïmporteerd. "
                "%(confirm)s bevestigingsmails gaan de deur uit."
            )
            % {
                "new": totals["new"],
                "update": totals["update"],
                "invalid": totals["invalid"] + totals["error"],
                "confirm": len(resource.to_confirm),
            },
        )
        return redirect("newsletter_admin_import")
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            content = form.cleaned_data["file"].read()
            try:
                result, _resource = run_import(
                    content,
                    form.cleaned_data["lists"],
                    form.cleaned_data["consent_note"],
                    request.user,
                    dry_run=True,
                )
            except ImportFileError as error:
                form.add_error("file", str(error))
            else:
                upload_id = uuid.uuid4().hex
                storage.save(_upload_path(upload_id), ContentFile(content))
                context.update(
                    preview=preview_rows(result),
                    totals=result.totals,
                    consent_note=form.cleaned_data["consent_note"],
                    chosen_lists=form.cleaned_data["lists"],
                    confirm_form=ImportConfirmForm(
                        initial={
                            "upload": upload_id,
                            "lists": form.cleaned_data["lists"],
                            "consent_note": form.cleaned_data["consent_note"],
                        }
                    ),
                )
        status = 400 if form.errors else 200
        return TemplateResponse(
            request, "content/newsletter/admin/import.html", context, status=status
        )
    return TemplateResponse(request, "content/newsletter/admin/import.html", context)
