""" "Was dit artikel nuttig?": one vote per article per browser session, no personal data.

The session (not the user, not the IP address) remembers which articles it voted
on, so a reader cannot stack votes and the vote itself carries nothing personal.
"""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from cms import ratelimit

from .models import ArticleFeedback

SESSION_KEY = "kennisbank_feedback"
COMMENT_MAX_LENGTH = 1000


def has_voted(request, article):
    return article.pk in request.session.get(SESSION_KEY, [])


def record_feedback(session, article, helpful, comment=""):
    """Store a vote unless this session already voted on the article. Returns the vote or None."""
    voted = list(session.get(SESSION_KEY, []))
    if article.pk in voted:
        return None
    feedback = ArticleFeedback.objects.create(
        article=article,
        helpful=helpful,
        # A comment only explains a "nee"; on "ja" there is nothing to improve.
        comment="" if helpful else comment.strip()[:COMMENT_MAX_LENGTH],
    )
    session[SESSION_KEY] = [*voted, article.pk]
    return feedback


def handle_feedback_post(request, article):
    if not ratelimit.allow("feedback_ip", ratelimit.client_ip(request)):
        return ratelimit.too_many_requests(request, "feedback_ip")
    answer = request.POST.get("nuttig")
    if answer not in {"ja", "nee"}:
        messages.error(request, _("Kies Ja of Nee om te laten weten of dit artikel nuttig was."))
        return redirect(article.url + "#feedback")
    comment = request.POST.get("toelichting", "")
    if len(comment) > COMMENT_MAX_LENGTH:
        messages.error(
            request,
            _("Je toelichting is te lang (hoogstens %(max)s tekens).")
            % {"max": COMMENT_MAX_LENGTH},
        )
        return redirect(article.url + "#feedback")
    if record_feedback(request.session, article, answer == "ja", comment) is None:
        messages.info(request, _("Je hebt dit artikel al beoordeeld. Bedankt!"))
    else:
        messages.success(request, _("Bedankt voor je reactie!"))
    return redirect(article.url + "#feedback")


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
