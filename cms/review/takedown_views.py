"""The take-down page in the admin: ``/admin/offline-halen/<page id>/``.

GET shows what goes offline and asks the reason; POST takes it down
(``cms.review.takedown``). Who may is the rule ``may_take_down``: anyone else gets
Wagtail's refusal (a redirect to the dashboard), the same as for its own pages."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods
from wagtail.models import Page

from cms.review import takedown


class TakeDownForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden"),
        max_length=takedown.REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Komt in de geschiedenis van de pagina en in het beveiligingslogboek."),
        error_messages={"required": _("Geef een reden op: waarom moet de pagina offline?")},
    )


@require_http_methods(["GET", "POST"])
def take_down_view(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    if not takedown.may_take_down(request.user, page):
        raise PermissionDenied
    form = TakeDownForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        taken = takedown.take_down(page, request.user, form.cleaned_data["reason"])
        messages.success(
            request,
            ngettext(
                "'%(title)s' is offline gehaald.",
                "'%(title)s' en %(others)d pagina's eronder zijn offline gehaald.",
                len(taken),
            )
            % {"title": page.title, "others": len(taken) - 1},
        )
        return redirect(reverse("wagtailadmin_explore", args=[page.get_parent().pk]))
    pages = takedown.pages_to_take_down(page)
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(
        request,
        "cms/admin/take_down.html",
        {"page": page, "form": form, "others": pages[1:]},
        status=status,
    )
