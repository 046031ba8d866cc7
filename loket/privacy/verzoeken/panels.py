"""The privacy officer's dashboard panel: requests past or near their deadline.

Number, kind and deadline only: the dashboard is seen over shoulders, and the
pupil's name belongs inside the request (DESIGN.md: the privacy officer sees a
pupil's data only inside a request).
"""

from django.utils import timezone
from wagtail.admin.ui.components import Component

from . import services, termijnen


class VerzoekenPanel(Component):
    name = "avg_verzoeken"
    order = 30
    template_name = "loket/admin/verzoeken_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        today = timezone.localdate()
        rows = [
            {"verzoek": v, "overdue": termijnen.is_overdue(v.termijn, today)}
            for v in services.due_soon(today)[:20]
        ]
        return {"rows": rows, "days": termijnen.NEARLY_DUE_DAYS}
