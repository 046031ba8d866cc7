"""The end of linking one's own school account (``federatie.link_views`` starts it).

Apart from the start so that ``federatie.views``, whose callbacks end every login
and every link, need not import the views that start a link (which use its helpers).
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import linking


def finish_link(request, provider, claims, user_pk):
    """The callback of a link this session started: link, or a Dutch refusal;
    ``None`` when this session is no longer the verified user who started it."""
    user = request.user
    if not (user.is_authenticated and user.pk == user_pk and user.is_verified()):
        return None
    try:
        linking.link_identity(provider, claims, user)
    except linking.Refused as refusal:
        linking.log(refusal.outcome, provider, user=user, reason=refusal.reason)
        taken = refusal.reason == "linked_to_other"
        return render(
            request,
            "federatie/problem.html",
            {
                "title": _("Koppelen is niet gelukt"),
                "message": _(
                    "Dit schoolaccount is al aan een ander account in het portaal gekoppeld. "
                    "Vraag de beheerder van het samenwerkingsverband om de koppeling na te kijken."
                )
                if taken
                else _("Je account hoort niet (meer) bij deze school; koppelen kan dan niet."),
                "organisation": provider.organisation,
                "retry_url": reverse("federatie:link"),
            },
            status=409 if taken else 403,
        )
    messages.success(
        request,
        _("Je schoolaccount is gekoppeld. Je kunt voortaan inloggen met je schoolaccount."),
    )
    return redirect("federatie:link")
