"""Which form pages a school can start a new aanvraag with.

The loket does not import the form engine. A form page is any live page whose
model has a ``handoff`` field naming one of the loket's aanvraag types (the
hand-offs ``loket.lifecycle.form_setup`` registers); when it also answers ``is_open()`` or
``window_state()`` (its window, as the form engine's ``LoketFormPage`` does), only
open ones are listed; when it answers ``is_for(organisations)`` (a form limited to
schooltypes), only those one of the user's schools may start. The form engine may
replace this by
assigning ``PROVIDER`` a function ``provider(request) -> [page]``.
"""

from django.core.exceptions import FieldDoesNotExist

from accounts.models import Organisation, Role
from cms.caching.pages import remember
from loket.types import AanvraagType
from permissions import policy

PROVIDER = None


def form_page_models():
    from wagtail.models import get_page_models

    models = []
    for model in get_page_models():
        try:
            model._meta.get_field("handoff")
        except FieldDoesNotExist:
            continue
        models.append(model)
    return models


def open_form_pages(request):
    if PROVIDER is not None:
        return list(PROVIDER(request))
    pages = [page for page in remember("loket-form-pages", live_form_pages) if _is_open(page)]
    schools = None  # read once, and only when a listed form is limited
    listed = []
    for page in pages:
        is_for = getattr(page, "is_for", None)
        if callable(is_for) and getattr(page, "audiences", None):
            if schools is None:
                schools = list(_schools_of(request.user))
            if not is_for(schools):
                continue
        listed.append(page)
    return listed


def _schools_of(user):
    ids = policy.organisation_ids(user, Role.SCHOOLGEBRUIKER)
    return Organisation.objects.filter(pk__in=ids, kind=Organisation.Kind.SCHOOL)


def live_form_pages():
    """Every live form page with a loket hand-off, in tree order per model.

    Kept for one page-cache generation (``cms.caching.pages.remember``): which pages exist and
    their windows change only when a form page is published, unpublished, moved or
    deleted. Whether a window is open *now* is decided per request (``_is_open``).
    """
    loket_keys = [t.value for t in AanvraagType]
    pages = []
    for model in form_page_models():
        pages.extend(model.objects.live().filter(handoff__in=loket_keys).order_by("path"))
    return pages


def _is_open(page):
    is_open = getattr(page, "is_open", None)
    if callable(is_open):
        is_open = is_open()
    if is_open is False:
        return False
    window_state = getattr(page, "window_state", None)  # the form engine's window
    return not (callable(window_state) and window_state() != "open")
