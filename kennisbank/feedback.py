""" "Was dit artikel nuttig?": Ja/Nee first, a comment only after "Nee"; no personal data.

Two server-side steps, so it works without JavaScript: the reader answers Ja or
Nee (one vote per article per browser session); after "Nee" the vote is stored at
once and the article shows "Wat miste je?", which may add one comment to that
vote. The session (not the user, not the IP address) remembers which articles it
voted on and which "Nee" may still get its comment, so a reader cannot stack
votes or rewrite comments, and the vote itself carries nothing personal.
"""

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from cms.caching.sitewide import public
from cms.security import ratelimit
from cms.security.origin import is_same_origin

SESSION_KEY = "kennisbank_feedback"
# {str(article pk): feedback pk}: the "Nee" votes of this session still open for a comment.
COMMENT_SESSION_KEY = "kennisbank_feedback_comment"
COMMENT_MAX_LENGTH = 1000
COMMENT_STEP = "toelichting"

VOTE, COMMENT, DONE = "vote", "comment", "done"


def _votes():
    """``ArticleFeedback.objects``, looked up by name: the article page in
    ``kennisbank.models`` calls into this module, so this module does not import it."""
    return apps.get_model("kennisbank", "ArticleFeedback").objects


def has_voted(request, article):
    return article.pk in request.session.get(SESSION_KEY, [])


def feedback_state(request, article):
    """Which step the article's feedback box shows: the vote, the comment box, or thanks."""
    if str(article.pk) in request.session.get(COMMENT_SESSION_KEY, {}):
        return COMMENT
    return DONE if has_voted(request, article) else VOTE


def record_feedback(session, article, helpful):
    """Store a vote unless this session already voted on the article. Returns the vote or None.

    A "Nee" is remembered in the session as open for one comment.
    """
    voted = list(session.get(SESSION_KEY, []))
    if article.pk in voted:
        return None
    feedback = _votes().create(article=article, helpful=helpful)
    session[SESSION_KEY] = [*voted, article.pk]
    if not helpful:
        session[COMMENT_SESSION_KEY] = {
            **session.get(COMMENT_SESSION_KEY, {}),
            str(article.pk): feedback.pk,
        }
    return feedback


def add_comment(session, article, comment):
    """Put ``comment`` on this session's open "Nee" vote for ``article``, once.

    Returns False when there is no open vote (no "Nee", or its comment was given).
    """
    open_votes = dict(session.get(COMMENT_SESSION_KEY, {}))
    feedback_pk = open_votes.pop(str(article.pk), None)
    if feedback_pk is None:
        return False
    session[COMMENT_SESSION_KEY] = open_votes
    comment = comment.strip()[:COMMENT_MAX_LENGTH]
    if comment:
        _votes().filter(pk=feedback_pk, article=article, helpful=False, comment="").update(
            comment=comment
        )
    return True


def _back(article):
    return redirect(article.url + "#feedback")


def handle_feedback_post(request, article):
    if not ratelimit.allow_client("feedback_ip", request):
        return ratelimit.too_many_requests(request, "feedback_ip")
    if request.POST.get("stap") == COMMENT_STEP:
        return _handle_comment(request, article)
    answer = request.POST.get("nuttig")
    if answer not in {"ja", "nee"}:
        messages.error(request, _("Kies Ja of Nee om te laten weten of dit artikel nuttig was."))
        return _back(article)
    if record_feedback(request.session, article, answer == "ja") is None:
        messages.info(request, _("Je hebt dit artikel al beoordeeld. Bedankt!"))
    elif answer == "ja":
        messages.success(request, _("Bedankt voor je reactie!"))
    return _back(article)


@csrf_exempt  # posted from an article the page cache may store: the origin is checked instead
@require_POST
def vote_view(request, page_id):
    """Ja / Nee from the article's first step (``cms.security.origin``: no token on a cached page).

    The comment step after "Nee" is shown only to a visitor with a session, on a page
    that is never cached, and keeps Django's CSRF token (the article's own route).
    """
    KennisbankArticlePage = apps.get_model("kennisbank", "KennisbankArticlePage")
    if not is_same_origin(request):
        raise PermissionDenied
    article = get_object_or_404(public(KennisbankArticlePage.objects.live()), pk=page_id)
    return handle_feedback_post(request, article)


def _handle_comment(request, article):
    comment = request.POST.get("toelichting", "")
    if len(comment) > COMMENT_MAX_LENGTH:
        messages.error(
            request,
            _("Je toelichting is te lang (hoogstens %(max)s tekens).")
            % {"max": COMMENT_MAX_LENGTH},
        )
        return _back(article)
    if not add_comment(request.session, article, comment):
        messages.info(request, _("Je hebt bij dit artikel al een toelichting gegeven. Bedankt!"))
    else:
        messages.success(request, _("Bedankt voor je reactie!"))
    return _back(article)


def feedback_summary(articles_qs):
    """Articles with their ja/nee counts, most "nee" first: the editors' report."""
    return (
        articles_qs.annotate(
            yes=Count("feedback", filter=Q(feedback__helpful=True)),
            no=Count("feedback", filter=Q(feedback__helpful=False)),
        )
        .filter(Q(yes__gt=0) | Q(no__gt=0))
        .order_by("-no", "-yes", "title")
    )


def article_totals(article):
    """{"yes": n, "no": n, "comments": n} for one article, in one query."""
    return (
        _votes()
        .filter(article=article)
        .aggregate(
            yes=Count("id", filter=Q(helpful=True)),
            no=Count("id", filter=Q(helpful=False)),
            comments=Count("id", filter=~Q(comment="")),
        )
    )


def article_comments(article):
    """The comments given on "Nee" votes for one article, newest first."""
    return (
        _votes()
        .filter(article=article)
        .exclude(comment="")
        .only("comment", "created_at")
        .order_by("-created_at", "-id")
    )
