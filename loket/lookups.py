"""The object lookups of the loket's views: one queryset limited by the policy, then 404.

Every view that takes an aanvraag or a dossier from the URL fetches it here, so
"may this user see it" is asked in one place (``permissions.policy``) and a
kenmerk of another school answers 404, never 403 (which would confirm it exists).
"""

from django.shortcuts import get_object_or_404

from permissions import policy


def aanvraag_for(request, reference, *, with_grants=False):
    """The aanvraag, if the user may see it. Inzage grants count only for reading
    files and the besluit document (``with_grants=True``); the aanvraag pages
    and every action are the school's and the SWV's."""
    return get_object_or_404(
        policy.aanvragen_visible_to(request.user, with_grants=with_grants).select_related(
            "dossier__leerling", "school", "consulent", "submitted_by", "besluit"
        ),
        reference=reference,
    )


def own_dossier(request, pk):
    """A dossier of the user's own school (schoolgebruiker), else 404."""
    return get_object_or_404(
        policy.dossiers_grantable_by(request.user).select_related("leerling", "school"), pk=pk
    )
