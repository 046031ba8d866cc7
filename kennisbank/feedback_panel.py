"""A read-only panel in the article editor: the article's ja/nee totals and latest comments.

Only for users who may read the feedback report (``kennisbank.view_articlefeedback``);
it links to that report's page for the article, which has every comment. The panel
has no form fields, so it changes nothing in the page's form or revisions.
"""

from django.urls import reverse
from django.utils.http import urlencode
from wagtail.admin.panels import Panel

LATEST_COMMENTS = 5
PERMISSION = "kennisbank.view_articlefeedback"


class FeedbackSummaryPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "kennisbank/admin/feedback_panel.html"

        def is_shown(self):
            user = getattr(self.request, "user", None)
            return bool(self.instance and self.instance.pk and user and user.has_perm(PERMISSION))

        def get_context_data(self, parent_context=None):
            from .feedback import article_comments, article_totals

            context = super().get_context_data(parent_context)
            context["totals"] = article_totals(self.instance)
            context["comments"] = list(article_comments(self.instance)[:LATEST_COMMENTS])
            context["report_url"] = (
                reverse("kennisbank_feedback") + "?" + urlencode({"artikel": self.instance.pk})
            )
            return context
