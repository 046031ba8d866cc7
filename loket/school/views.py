"""Mijn loket (``/loket/``): the school's side of the mailbox.

Every view that shows an object fetches it with ``get_object_or_404`` on the
queryset of ``permissions.policy``: a user of another school gets a 404 for every
URL, files included. Views only call ``loket.lifecycle.services``; they hold no rules.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import Organisation, Role
from cms.files.ranges import sends_bytes, serve_private_file
from forms.uploads.files import download_name
from loket import beperking, logboek
from loket.lifecycle import bezwaar as bezwaar_rules
from loket.lifecycle import evaluatie, services, tlv
from loket.lookups import aanvraag_for, own_dossier
from loket.models import Aanvraag, Bijlage, LogEntry
from loket.school import bezwaar_views, form_links, lists, tlv_views
from loket.school.forms import AanvullingForm, InzageGrantForm, WithdrawForm
from loket.school.status_texts import status_text
from permissions import grants, policy
from permissions.models import school_year_end

CONCEPTEN_URL = "/loket/concepten/"


@login_required
@require_GET
def index(request):
    """The aanvragen and dossiers of the user's own school(s), with filters and search."""
    if _only_externe(request.user):
        return redirect("inzage:index")
    form, page = lists.aanvragen_page(request.user, request.GET)
    q = form.cleaned_data.get("q", "") if form.is_bound and form.is_valid() else ""
    dossier_page = lists.dossiers_page(request.user, q, request.GET.get("dossierpagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    is_school = policy.has_role(request.user, Role.SCHOOLGEBRUIKER)
    return render(
        request,
        "loket/index.html",
        {
            "form": form,
            "filter_fields": lists.filter_fields_html(form),
            "page": page,
            "dossier_page": dossier_page,
            "form_pages": form_links.open_form_pages(request),
            "concepten_url": CONCEPTEN_URL,
            "querystring": query.urlencode(),
            "is_school": is_school,
            "evaluaties_due": lists.due_evaluations(request.user) if is_school else [],
        },
    )


def _only_externe(user):
    """An externe without a school or SWV role: their place is ``/inzage/``."""
    return (
        policy.has_role(user, Role.EXTERNE)
        and not policy.sees_everything(user)
        and policy.school_q(user) is None
    )


def _detail_context(request, aanvraag, verlengt_form=None):
    bijlagen = list(aanvraag.bijlagen.all())
    terugkoppelingen = aanvraag.terugkoppelingen.select_related("author").prefetch_related(
        Prefetch("bijlagen", queryset=Bijlage.objects.order_by("pk"))
    )
    aanvullingen = aanvraag.aanvullingen.select_related("created_by").prefetch_related("bijlagen")
    history = aanvraag.history.select_related("by")
    requests = [
        h for h in history if h.to_status == Aanvraag.Status.AANVULLING_GEVRAAGD and h.reason
    ]
    is_school_member = policy.is_school_user_of(request.user, aanvraag.school_id)
    return {
        "aanvraag": aanvraag,
        "status_text": status_text(aanvraag.status),
        "sections": aanvraag.answer_sections(),
        "form_bijlagen": [
            b
            for b in bijlagen
            if b.aanvulling_id is None
            and not b.terugkoppeling_id
            and not b.bezwaar_id
            and not evaluatie.is_evaluation_file(b)
        ],
        "aanvullingen": aanvullingen,
        "terugkoppelingen": terugkoppelingen,
        "history": history,
        "aanvulling_request": requests[-1] if requests else None,
        "besluit": getattr(aanvraag, "besluit", None),
        "can_aanvullen": is_school_member
        and aanvraag.status == Aanvraag.Status.AANVULLING_GEVRAAGD,
        "can_withdraw": is_school_member and aanvraag.is_open,
        "is_school_member": is_school_member,
        "log": LogEntry.objects.filter(aanvraag_id=aanvraag.pk).order_by("-at", "-pk")[:50],
        **bezwaar_views.context_for(request, aanvraag),
        **tlv_views.context_for(request, aanvraag, is_school_member, verlengt_form),
        "evaluaties": evaluatie.moments_for_page(aanvraag),
    }


detail_context = _detail_context  # also for the evaluation view (loket.school.evaluatie_views)


@login_required
@require_GET
def aanvraag_detail(request, reference):
    aanvraag = aanvraag_for(request, reference)
    logboek.log(LogEntry.Action.BEKEKEN, request.user, aanvraag=aanvraag)
    context = _detail_context(request, aanvraag)
    context["aanvulling_form"] = AanvullingForm()
    return render(request, "loket/aanvraag_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def aanvulling(request, reference):
    """The school answers a request for aanvulling with text and files."""
    aanvraag = aanvraag_for(request, reference)
    if request.method == "GET":
        return redirect(aanvraag.get_absolute_url() + "#aanvullen")
    form = AanvullingForm(request.POST, request.FILES)
    status = 400
    if form.is_valid():
        try:
            services.add_aanvulling(
                aanvraag, request.user, form.cleaned_data["text"], form.cleaned_data["files"]
            )
        except services.TransitionError as error:
            messages.error(request, error.message)
            status = error.status
        else:
            messages.success(
                request, _("Je aanvulling is verstuurd. De consulent krijgt hiervan bericht.")
            )
            return redirect(aanvraag.get_absolute_url())
    aanvraag.refresh_from_db()
    context = _detail_context(request, aanvraag)
    context["aanvulling_form"] = form
    return render(request, "loket/aanvraag_detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def verlengt(request, reference):
    """The school names the TLV its verlenging extends (``loket.lifecycle.tlv``).

    The aanvraag is looked up before the method is judged, so another school gets a
    404 either way; a GET goes back to the aanvraag page."""
    aanvraag = aanvraag_for(request, reference)
    if request.method == "GET":
        return redirect(aanvraag.get_absolute_url() + "#tlv-kop")
    form = tlv_views.VerlengtForm(request.POST, aanvraag=aanvraag)
    status = 400
    if form.is_valid():
        try:
            tlv.link_verlenging(aanvraag, request.user, form.cleaned_data["besluit"])
        except services.TransitionError as error:
            messages.error(request, error.message)
            status = error.status
        else:
            messages.success(request, _("De verlenging is gekoppeld aan de gekozen TLV."))
            return redirect(aanvraag.get_absolute_url())
    else:
        messages.error(request, _("Kies een toegekende TLV van deze leerling op jullie school."))
    aanvraag = aanvraag_for(request, reference)
    context = _detail_context(request, aanvraag, form)
    context["aanvulling_form"] = AanvullingForm()
    return render(request, "loket/aanvraag_detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def intrekken(request, reference):
    aanvraag = aanvraag_for(request, reference)
    form = WithdrawForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw(aanvraag, request.user, form.cleaned_data["reason"])
        except services.TransitionError as error:
            messages.error(request, error.message)
            status = error.status
        else:
            messages.success(request, _("De aanvraag is ingetrokken."))
            return redirect(aanvraag.get_absolute_url())
    return render(
        request, "loket/intrekken.html", {"aanvraag": aanvraag, "form": form}, status=status
    )


@login_required
@require_GET
def besluit_document(request, reference):
    """A printable decision document (the browser prints it to PDF)."""
    aanvraag = aanvraag_for(request, reference, with_grants=True)
    besluit = getattr(aanvraag, "besluit", None)
    if besluit is None:
        raise Http404
    refused = beperking.refused_download(request, aanvraag.dossier)  # AVG art. 18
    if refused is not None:
        return refused
    logboek.log(LogEntry.Action.BESLUITDOCUMENT, request.user, aanvraag=aanvraag)
    return render(
        request,
        "loket/besluit_document.html",
        {
            "aanvraag": aanvraag,
            "besluit": besluit,
            "top_share": _top_share(aanvraag, besluit),
            "swv": Organisation.objects.filter(kind=Organisation.Kind.SWV).first(),
            # An externe reads it through inzage: the way back is their dossier page.
            "via_inzage": not policy.aanvragen_visible_to(request.user, with_grants=False)
            .filter(pk=aanvraag.pk)
            .exists(),
        },
    )


def _top_share(aanvraag, besluit):
    if aanvraag.type == "top_arrangement" and besluit.is_granted and besluit.amount:
        return services.top_share(besluit.amount)
    return None


@login_required
@require_GET
def download(request, reference, pk):
    """Serve a private file: only to who may see the aanvraag (an externe through a
    valid inzage grant included), as an attachment, logged. With range requests
    (``cms.files.ranges``), so a PDF viewer reads a large scan in parts and a broken
    download resumes; the checks above come first, a Range header changes nothing
    about who gets the file."""
    aanvraag = aanvraag_for(request, reference, with_grants=True)
    bijlage = get_object_or_404(Bijlage.objects.filter(aanvraag=aanvraag), pk=pk)
    refused = beperking.refused_download(request, aanvraag.dossier)  # AVG art. 18
    if refused is not None:
        return refused
    response = serve_private_file(
        request,
        bijlage.file,
        content_type=bijlage.content_type,
        # Also for rows stored before the upload pipeline: never a control
        # character, and the extension of the stored type (not "x.pdf.exe").
        filename=download_name(bijlage.original_name, bijlage.content_type),
        etag=bijlage.sha256,
    )
    if sends_bytes(response):
        logboek.log(
            LogEntry.Action.DOWNLOAD, request.user, aanvraag=aanvraag, detail=f"bijlage {pk}"
        )
    return response


@login_required
@require_GET
def dossier_detail(request, pk):
    """The school's dossier page: aanvragen, inzage given to externen, and the logboek."""
    dossier = get_object_or_404(
        policy.dossiers_visible_to(request.user, with_grants=False).select_related(
            "leerling", "school"
        ),
        pk=pk,
    )
    logboek.log(LogEntry.Action.DOSSIER_BEKEKEN, request.user, dossier=dossier)
    entries = logboek.dossier_lines(dossier)  # merged dossiers' lines too
    log_page = Paginator(entries, 50).get_page(request.GET.get("pagina"))
    all_grants = list(grants.grants_for_dossier(dossier))
    return render(
        request,
        "loket/dossier_detail.html",
        {
            "dossier": dossier,
            "aanvragen": dossier.aanvragen.order_by("-submitted_at"),
            "log_page": log_page,
            "current_grants": [g for g in all_grants if g.is_current],
            "past_grants": [g for g in all_grants if not g.is_current],
            "can_grant": policy.dossiers_grantable_by(request.user).filter(pk=dossier.pk).exists(),
            "externe_views": entries.filter(role=Role.EXTERNE)[:50],
            "can_report_thuiszitten": dossier.leerling.school_id == dossier.school_id
            and policy.pupils_reportable_by(request.user).filter(pk=dossier.leerling_id).exists(),
            # The register's pages for this pupil: only for the school's own users.
            "can_correct": policy.pupils_visible_to(request.user)
            .filter(pk=dossier.leerling_id)
            .exists(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def inzage_verlenen(request, pk):
    """A schoolgebruiker gives an externe (person or organisation) inzage in one dossier."""
    dossier = own_dossier(request, pk)
    today = timezone.localdate()
    form = InzageGrantForm(
        request.POST or None,
        initial={"starts_on": today, "ends_on": school_year_end(today)},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                grants.create_grant(
                    dossier,
                    request.user,
                    user=data["grantee"]["user"],
                    organisation=data["grantee"]["organisation"],
                    reason=data["reason"],
                    legal_basis=data["legal_basis"],
                    consent_date=data["consent_date"],
                    consent_how=data["consent_how"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("De inzage is gegeven."))
                return redirect("loket:dossier", pk=dossier.pk)
    return render(
        request, "loket/inzage_verlenen.html", {"dossier": dossier, "form": form}, status=status
    )


def _add_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
@require_http_methods(["GET", "POST"])
def inzage_intrekken(request, pk, grant_pk):
    """Revoke a grant with immediate effect (a confirmation page, then POST)."""
    dossier = own_dossier(request, pk)
    grant = get_object_or_404(grants.grants_for_dossier(dossier), pk=grant_pk)
    status = 200
    if request.method == "POST":
        try:
            grants.revoke_grant(grant, request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            status = 400
        else:
            messages.success(request, _("De inzage is ingetrokken. Dit geldt meteen."))
            return redirect("loket:dossier", pk=dossier.pk)
    return render(
        request,
        "loket/inzage_intrekken.html",
        {"dossier": dossier, "grant": grant},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def bezwaar_intrekken(request, reference, bezwaar_pk):
    """``/loket/aanvragen/<kenmerk>/bezwaar/<id>/intrekken/`` (POST): the school
    withdraws its own open bezwaar (a GET goes back to the page). Refused (already
    decided or withdrawn): the aanvraag page with the Dutch reason and the service's
    4xx, nothing changed (``loket.lifecycle.bezwaar.withdraw``)."""
    aanvraag = aanvraag_for(request, reference)
    if not policy.is_school_user_of(request.user, aanvraag.school_id):
        raise Http404
    if request.method == "GET":
        return redirect(aanvraag.get_absolute_url() + "#bezwaar-kop")
    try:
        bezwaar_rules.withdraw(aanvraag, request.user, bezwaar_pk)
    except services.TransitionError as error:
        messages.error(request, error.message)
        context = detail_context(request, aanvraag)
        context["aanvulling_form"] = AanvullingForm()
        return render(request, "loket/aanvraag_detail.html", context, status=error.status)
    messages.success(request, _("Het bezwaar is ingetrokken. Het SWV is op de hoogte gebracht."))
    return redirect(aanvraag.get_absolute_url() + "#bezwaar-kop")
