"""Instemming pages: the school's registration (Mijn loket) and the parent's link.

The parent's pages (``/instemming/<token>/...``) need no account: the link plus a
code mailed to the same address. Between the code and the answer, the session
remembers which link was verified (``SESSION_KEY``). Unknown, expired, used and
revoked links all get one Dutch sentence and nothing else.
"""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cms.files.ranges import serve_private_file
from cms.security import ratelimit
from loket import beperking, logboek
from loket.errors import TransitionError, run_form_action
from loket.instemming import services as service
from loket.instemming import versie, wie
from loket.instemming.forms import AntwoordForm, CodeForm, InstemmingForm
from loket.lookups import aanvraag_for
from loket.models import LogEntry
from permissions import policy

SESSION_KEY = "instemming_verified"


def rate_limited(view=None, *, heading=None):
    """The parent's pages have no login: each visitor (``instemming_ip``) and each link
    (``instemming_link``) get a limited number of requests per window (``RATE_LIMITS``).

    ``@rate_limited`` names the instemming on the 429 page; the mede-ondertekening's
    pages pass their own ``heading`` (``@rate_limited(heading=...)``)."""
    if view is None:
        return functools.partial(rate_limited, heading=heading)

    @functools.wraps(view)
    def wrapper(request, token, *args, **kwargs):
        if not (
            ratelimit.allow_client("instemming_ip", request)
            and ratelimit.allow("instemming_link", token)
        ):
            _count, seconds = ratelimit.parse_rate("instemming_link")
            response = render(
                request,
                "loket/instemming/gesloten.html",
                {
                    "message": _("Te veel verzoeken. Probeer het over tien minuten opnieuw."),
                    "heading": heading,
                },
                status=429,
            )
            response["Retry-After"] = str(seconds)
            return response
        return view(request, token, *args, **kwargs)

    return wrapper


def _school_aanvraag(request, reference):
    aanvraag = aanvraag_for(request, reference)
    if not policy.is_school_user_of(request.user, aanvraag.school_id):
        raise Http404
    return aanvraag


def register_on(request, subject, *, back_url, heading):
    """The school registers instemming on ``subject`` (aanvraag or ontwikkelplan)."""
    bijlagen = list(subject.bijlagen.all())
    expected = wie.expected_role(subject)
    form = InstemmingForm(request.POST or None, bijlagen=bijlagen, expected_role=expected)

    def register(data):
        who = {"rol": data["rol"] or None, "reden_namens": data.get("reden_namens", "")}
        if data["wijze"] == "email":
            service.request_by_email(
                subject,
                request.user,
                emails=data["emails"],
                onderwerp=data["onderwerp"],
                ends_on=data["ends_on"],
                bijlagen=[b for b in bijlagen if str(b.pk) in data["bijlagen"]],
                base_url=request.build_absolute_uri("/").rstrip("/"),
                informeren=data.get("informeren", []),
                **who,
            )
            return _("De e-mail met de link is verstuurd.")
        service.register_outside(
            subject,
            request.user,
            datum=data["datum"],
            toelichting=data["toelichting"],
            gegeven=data["wijze"] == "buiten",
            **who,
        )
        return _("De instemming is geregistreerd.")

    outcome = run_form_action(request, form, register)
    if outcome.done:
        messages.success(request, outcome.result)
        return redirect(back_url + "#instemming")
    return render(
        request,
        "loket/instemming/registreren.html",
        {
            "form": form,
            "back_url": back_url,
            "heading": heading,
            "pupil_consents": expected == wie.Rol.LEERLING,
        },
        status=outcome.status,
    )


def revoke_on(request, subject, pk, *, back_url):
    """The school revokes one outstanding link on ``subject``."""
    instemming = get_object_or_404(subject.instemmingen.all(), pk=pk)
    status = 200
    if request.method == "POST":
        try:
            service.revoke(instemming, request.user)
        except TransitionError as error:
            messages.error(request, error.message)
            status = error.status
        else:
            messages.success(request, _("De link is ingetrokken."))
            return redirect(back_url + "#instemming")
    return render(
        request,
        "loket/instemming/intrekken.html",
        {"instemming": instemming, "back_url": back_url},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def registreren(request, reference):
    """Register instemming on an aanvraag in one of the three ways."""
    aanvraag = _school_aanvraag(request, reference)
    heading = _("Instemming op aanvraag %(ref)s") % {"ref": aanvraag.reference}
    return register_on(request, aanvraag, back_url=aanvraag.get_absolute_url(), heading=heading)


@login_required
@require_http_methods(["GET", "POST"])
def intrekken(request, reference, pk):
    aanvraag = _school_aanvraag(request, reference)
    return revoke_on(request, aanvraag, pk, back_url=aanvraag.get_absolute_url())


def version_download(request, subject, pk):
    """The frozen version of one record on ``subject`` as plain text: readable, with
    the fingerprint and, last, the canonical JSON it is the SHA-256 of (without a line
    end, so ``tail -n1 | sha256sum`` gives the fingerprint).

    ``subject`` comes from a lookup limited to what the user may see; the record is
    looked up among its own records, so another subject's pk is a 404. Records from
    before versions were kept have nothing to download (404). The file name carries
    only the record's number and the start of the fingerprint.
    """
    instemming = get_object_or_404(subject.instemmingen.exclude(versie_sha256=""), pk=pk)
    detail = f"instemming {instemming.pk}, versie"
    if instemming.plan_id:
        logboek.log(LogEntry.Action.DOWNLOAD, request.user, dossier=subject.dossier, detail=detail)
    else:
        logboek.log(LogEntry.Action.DOWNLOAD, request.user, aanvraag=subject, detail=detail)
    frozen = instemming.versie
    text = render_to_string(
        "loket/instemming/versie.txt",
        {"instemming": instemming, "frozen": frozen, "sections": versie.sections(frozen)},
    ).strip()
    text += "\n" + versie.canonical_json(frozen)
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    name = f"instemming-{instemming.pk}-versie-{instemming.versie_sha256[: versie.SHORT]}.txt"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def versie_view(request, reference, pk):
    """The version an instemming on an aanvraag was asked for: the school and the SWV
    staff who may see the aanvraag (not an externe's inzage: ``aanvraag_for``)."""
    return version_download(request, aanvraag_for(request, reference), pk)


# --- the parent's pages ---------------------------------------------------------------


def _closed(request, error):
    return render(
        request, "loket/instemming/gesloten.html", {"message": error.message}, status=error.status
    )


def _verified(request, instemming):
    return instemming.pk in request.session.get(SESSION_KEY, [])


@rate_limited
@require_http_methods(["GET", "POST"])
def open_link(request, token):
    """“Klik op Verstuur. Er wordt een code naar hetzelfde e-mail adres verstuurd.”"""
    try:
        instemming = service.open_link(token, first_view=True)
    except service.LinkClosed as error:
        return _closed(request, error)
    if request.method == "POST":
        try:
            service.send_code(instemming)
        except TransitionError as error:
            messages.error(request, error.message)
        else:
            return redirect("instemming:code", token=token)
    return render(
        request,
        "loket/instemming/open.html",
        {"school": instemming.subject.school.name, "token": token, "instemming": instemming},
    )


def code_page(request, record, *, verify, session_key, next_url, extra=None):
    """The code step of a public link (instemming, mede-ondertekening): a right code
    binds the session to ``record`` (``session_key``) and goes on to ``next_url``."""
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                ok = verify(record, form.cleaned_data["code"])
            except TransitionError as error:
                form.add_error(None, error.message)
            else:
                if ok:
                    request.session.cycle_key()
                    request.session[session_key] = [record.pk]
                    return redirect(next_url)
                form.add_error("code", _("Deze code klopt niet."))
    return render(
        request,
        "loket/instemming/code.html",
        {"form": form, **(extra or {})},
        status=status,
    )


@rate_limited
@require_http_methods(["GET", "POST"])
def code(request, token):
    try:
        instemming = service.open_link(token)
    except service.LinkClosed as error:
        return _closed(request, error)
    return code_page(
        request,
        instemming,
        verify=service.verify_code,
        session_key=SESSION_KEY,
        next_url=reverse("instemming:antwoord", kwargs={"token": token}),
        extra={"open_url": reverse("instemming:open", kwargs={"token": token})},
    )


@rate_limited
@require_http_methods(["GET", "POST"])
def antwoord(request, token):
    """Read-only: the version frozen when the school asked (``versie.shown``), its
    fingerprint and the files the school chose; then ja / nee + zienswijze."""
    try:
        instemming = service.open_link(token)
    except service.LinkClosed as error:
        return _closed(request, error)
    if not _verified(request, instemming):
        return redirect("instemming:open", token=token)
    form = AntwoordForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                service.answer(
                    instemming,
                    ja=form.cleaned_data["antwoord"] == "ja",
                    zienswijze=form.cleaned_data["zienswijze"],
                )
            except service.LinkClosed as error:
                return _closed(request, error)
            request.session.pop(SESSION_KEY, None)
            return render(
                request,
                "loket/instemming/bedankt.html",
                {"school": instemming.subject.school.name},
            )
    return render(
        request,
        "loket/instemming/antwoord.html",
        {
            "instemming": instemming,
            "school": instemming.subject.school,
            "shown": versie.shown(instemming),
            "short": instemming.versie_sha256[: versie.SHORT],
            "form": form,
            "token": token,
        },
        status=status,
    )


@rate_limited
@require_http_methods(["GET"])
def bijlage(request, token, pk):
    """One of the files the school chose, only after the code."""
    try:
        instemming = service.open_link(token)
    except service.LinkClosed as error:
        return _closed(request, error)
    if not _verified(request, instemming):
        raise Http404
    chosen = get_object_or_404(instemming.bijlagen.all(), pk=pk)
    refused = beperking.refused_download(request, chosen.aanvraag.dossier)  # AVG art. 18
    if refused is not None:
        return refused
    return serve_private_file(  # with range requests, after the checks above
        request,
        chosen.file,
        content_type=chosen.content_type,
        filename=chosen.original_name,
        etag=chosen.sha256,
    )
