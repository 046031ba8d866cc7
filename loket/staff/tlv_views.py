"""TLV's die aflopen: the SWV staff's list of granted TLVs that end in the coming
months, with the re-request date and whether a verlenging was asked.

Why a page of its own and not an inbox filter: the inbox lists aanvragen by their
status, and a TLV that ends is a *decided* aanvraag the inbox no longer puts first.
SWV staff only (``require_staff``); rows come from the aanvragen the user may see
(``permissions.policy``), so a consulent sees the TLVs of their own schools only.
"""

from django.contrib import messages
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from loket.lifecycle import tlv
from loket.models import LoketSettings
from loket.staff.inbox import require_staff
from permissions import policy

MONTHS = (3, 6, 12)
DEFAULT_MONTHS = 6


@require_GET
def aflopend(request):
    require_staff(request)
    status = 200
    raw = request.GET.get("maanden", str(DEFAULT_MONTHS))
    months = int(raw) if raw.isdigit() and int(raw) in MONTHS else None
    if months is None:
        messages.error(request, _("Kies 3, 6 of 12 maanden."))
        months, status = DEFAULT_MONTHS, 400
    today = timezone.localdate()
    settings_row = LoketSettings.load()
    rows = tlv.with_verlenging(tlv.ending(policy.aanvragen_visible_to(request.user), months, today))
    for row in rows:
        row.heraanvraag = tlv.heraanvraag_date(row.end_date, settings_row)
        row.herinnering = tlv.reminder_date(row.end_date, settings_row)
    return TemplateResponse(
        request,
        "loket/admin/tlv_aflopend.html",
        {
            "rows": rows,
            "months": months,
            "choices": MONTHS,
            "today": today,
            "show_pupil": policy.sees_pupil_names(request.user),
        },
        status=status,
    )
