"""The school's side of bezwaar and herziening in Mijn loket.

``/loket/aanvragen/<kenmerk>/bezwaar/``: the school's own users lodge a bezwaar
(reasons and files, through the one upload pipeline); everyone else gets a 404,
like every school-only page (withdrawing it: ``loket.school.views.bezwaar_intrekken``).
``/loket/aanvragen/<kenmerk>/documenten/nr/<id>/``:
the letters after the besluit as archived, for whoever may see the aanvraag; an
externe with inzage reads only the herziene besluit (as with the besluit itself),
not the letters about the bezwaar. ``context_for`` adds the deadline, the
bezwaren and both versions of the besluit to the aanvraag page. The rules are in
``loket.lifecycle.bezwaar``.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from cms.files.ranges import sends_bytes
from loket import logboek
from loket.errors import run_form_action
from loket.lifecycle import bezwaar as rules
from loket.lifecycle import herziening
from loket.lookups import aanvraag_for
from loket.models import Aanvraag, FormeelDocument, LogEntry
from loket.school.document_views import serve_formal_pdf
from loket.widgets import MultipleFileField
from permissions import policy


class BezwaarForm(forms.Form):
    gronden = forms.CharField(
        label=gettext_lazy("Waarom maakt de school bezwaar?"),
        help_text=gettext_lazy(
            "Schrijf op met welk deel van het besluit de school het niet eens is, en waarom."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=rules.MAX_TEXT,
    )
    files = MultipleFileField(
        label=gettext_lazy("Bijlagen (niet verplicht)"),
        help_text=gettext_lazy("PDF, Word, Excel, PNG of JPEG; maximaal 20 MB per bestand."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def bezwaar(request, reference):
    aanvraag = aanvraag_for(request, reference)
    if not policy.is_school_user_of(request.user, aanvraag.school_id):
        raise Http404
    form = BezwaarForm(request.POST or None, request.FILES or None)
    outcome = run_form_action(
        request,
        form,
        lambda data: rules.lodge(aanvraag, request.user, data["gronden"], data["files"]),
    )
    if outcome.done:
        messages.success(
            request,
            _("Het bezwaar is ingediend. Het SWV laat via het portaal weten hoe het verdergaat."),
        )
        return redirect(aanvraag.get_absolute_url() + "#bezwaar-kop")
    context = {"aanvraag": aanvraag, "form": form, **context_for(request, aanvraag)}
    return render(request, "loket/bezwaar.html", context, status=outcome.status)


@login_required
@require_GET
def document(request, reference, document_pk):
    """One archived letter (hoorzitting, beslissing op bezwaar, herziening), as stored."""
    aanvraag = aanvraag_for(request, reference, with_grants=True)
    documents = FormeelDocument.objects.filter(aanvraag=aanvraag).exclude(
        kind__in=FormeelDocument.ONE_PER_AANVRAAG
    )
    own = policy.aanvragen_visible_to(request.user, with_grants=False).filter(pk=aanvraag.pk)
    if not own.exists():  # inzage: the decision in force, not the bezwaar's letters
        documents = documents.filter(kind=FormeelDocument.Kind.HERZIENING)
    stored = get_object_or_404(documents, pk=document_pk)
    response = serve_formal_pdf(request, stored)
    if sends_bytes(response):
        logboek.log(LogEntry.Action.DOWNLOAD, request.user, aanvraag=aanvraag, detail=stored.kind)
    return response


def context_for(request, aanvraag):
    """Deadline, bezwaren and the versions of the besluit for the school's aanvraag page."""
    besloten = aanvraag.status == Aanvraag.Status.BESLOTEN and hasattr(aanvraag, "besluit")
    if not besloten:
        return {"bezwaren": [], "besluit_versies": []}
    is_school = policy.is_school_user_of(request.user, aanvraag.school_id)
    last = rules.deadline(aanvraag)
    return {
        "bezwaar_deadline": last,
        "termijn_verstreken": timezone.localdate() > last,
        "open_bezwaar": rules.open_bezwaar(aanvraag),
        "can_bezwaar": is_school and rules.may_lodge(aanvraag),
        "may_withdraw_bezwaar": is_school,
        "bezwaren": list(aanvraag.bezwaren.prefetch_related("bijlagen", "documenten")),
        "besluit_versies": herziening.documents_for_school(aanvraag),
    }
