"""The school opens the evaluation form for a moment of a granted arrangement.

``POST /loket/aanvragen/<kenmerk>/evaluaties/<moment>/`` starts (or continues) the
draft of the evaluation form for that moment and sends the school into the form
engine's wizard; a GET goes back to the aanvraag page. The aanvraag is looked up among
what the user may see (``aanvraag_for``: another school's kenmerk is a 404); the
service refuses the rest with a Dutch 4xx and saves nothing
(``loket.lifecycle.evaluatie.start``).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from loket.errors import TransitionError
from loket.lifecycle import evaluatie
from loket.lookups import aanvraag_for
from loket.school import views
from loket.school.forms import AanvullingForm


@login_required
@require_http_methods(["GET", "POST"])
def invullen(request, reference, moment_pk):
    aanvraag = aanvraag_for(request, reference)
    if request.method == "GET":
        return redirect(aanvraag.get_absolute_url() + "#evaluaties")
    try:
        draft = evaluatie.start(aanvraag, moment_pk, request.user)
    except TransitionError as error:
        messages.error(request, error.message)
        context = views.detail_context(request, aanvraag)
        context["aanvulling_form"] = AanvullingForm()
        return render(request, "loket/aanvraag_detail.html", context, status=error.status)
    return redirect(draft.get_absolute_url())
