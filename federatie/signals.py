"""At logout: offer to end the session at the school's IdP too (single logout).

``accounts`` knows no other app; its logout view keeps what listeners of
``user_logged_out`` put in ``request.session_after_logout`` in the fresh session,
and goes to ``request.after_logout_url`` when one is set. Here: which IdP session
this login came from, and the page that offers to end it.
"""

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver
from django.urls import reverse

from .views import LOGOUT_KEY

OFFER_KEY = "federatie_logout_offer"


@receiver(user_logged_out, dispatch_uid="federatie_offer_single_logout")
def offer_single_logout(sender, request=None, user=None, **kwargs):
    info = request.session.get(LOGOUT_KEY) if request is not None else None
    if not info:
        return
    request.session_after_logout = {
        **getattr(request, "session_after_logout", {}),
        OFFER_KEY: info,
    }
    request.after_logout_url = reverse("federatie:logged_out")
