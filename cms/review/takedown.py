"""Emergency take-down: an eindredacteur takes a live page offline, with a reason.

Four eyes took ``publish_page`` from every role (``content.roles``), and Wagtail's own
unpublish demands exactly that permission, so only a superuser could take a wrong
article offline. Granting ``publish_page`` back would let the same people publish past
the review; instead this is one narrow power of its own:

- who: eindredacteuren (and superusers), on pages they may edit, i.e. in the sections
  where they review (``content.roles``, ``kennisbank.roles``); never the root or the
  home page (that would take the whole site down), never a loket form page (not their
  section). Nothing else: no publish, no delete, no move.
- what: the page and every live page below it go offline (Wagtail routes to a live
  child of an unpublished page, so an article under a withdrawn category would stay
  reachable). A page lock does not stop it: this is for emergencies. A scheduled
  publication of those pages is cancelled with it (Wagtail's unpublish does that).
- trail: every page gets a "Offline gehaald" line with the reason in Wagtail's history
  (``cms.take_down``), and the act one line in the security log (``SecurityEvent``),
  which beheerders read: a power that skips the four eyes is itself watched.
- the page cache forgets at once: Wagtail's unpublish sends ``page_unpublished``, to
  which ``cms.caching.pages`` answers with ``purge_all``, the same path as a publish.
  It is the cache of every web server (shared Redis), tested in
  tests/cms/test_takedown.py.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.log_actions import LogFormatter
from wagtail.log_actions import log as wagtail_log

from accounts.models import Role, SecurityEvent

LOG_ACTION = "cms.take_down"
REASON_MAX_LENGTH = 500


class TakeDownFormatter(LogFormatter):
    label = _("Offline gehaald")

    def format_message(self, log_entry):
        reason = (log_entry.data or {}).get("reason", "")
        return _("Offline gehaald: %(reason)s") % {"reason": reason}


def register_log_action(actions):
    actions.register_action(LOG_ACTION)(TakeDownFormatter)


def may_take_down(user, page):
    """The rule, in one place: the view, its button and the tests ask this."""
    if not user.is_authenticated or not page.live or page.depth <= 2:
        return False
    if user.is_superuser:
        return True
    if not user.has_role(Role.EINDREDACTEUR):
        return False
    return page.permissions_for_user(user).can_edit()


def pages_to_take_down(page):
    """The page and its live descendants, in tree order."""
    return [page, *page.get_descendants().live().specific()]


@transaction.atomic
def take_down(page, user, reason):
    """Take ``page`` and its live descendants offline; the pages taken down."""
    reason = reason.strip()[:REASON_MAX_LENGTH]
    if not reason:
        raise ValueError("a take-down needs a reason")
    if not may_take_down(user, page):
        raise PermissionError("not allowed to take this page down")
    taken = []
    for each in pages_to_take_down(page):
        if not each.live:
            continue
        UnpublishPageAction(each, user=user, log_action=False).execute(
            skip_permission_checks=True  # the rule above is the permission
        )
        wagtail_log(instance=each, action=LOG_ACTION, user=user, data={"reason": reason})
        taken.append(each)
    detail = f"{page.title} (pagina {page.pk}, {len(taken)} offline): {reason}"
    SecurityEvent.objects.create(
        user=user, actor=user, kind=SecurityEvent.Kind.PAGE_TAKEN_DOWN, detail=detail[:300]
    )
    return taken
