"""The loket's public domain API, in one import for views, the demo and tests.

The rules themselves live in small modules by concern; this module only gathers
their public functions so callers write ``services.take_in(...)``:

- ``loket.transitions``: the status machine (in behandeling, aanvulling,
  terugkoppeling, intrekken) and the kenmerk numbering;
- ``loket.archive``: archiveren (five working days after a TLV aanvraag);
- ``loket.besluit``: the besluit, the defaults of the besluit form
  (``requested_amounts``) and overdue aanvragen;
- ``loket.ledger``: the TOP-arrangement budget;
- ``loket.bijlagen``: storing uploaded files;
- ``loket.errors``: ``TransitionError``, raised by all of them.
"""

from .archive import add_working_days, archive_dossier, require_not_archived
from .besluit import decide, limit_breaches, overdue_aanvragen, requested_amounts
from .bijlagen import check_file_count, store_bijlage
from .errors import TransitionError
from .ledger import book_top_grant, top_budget_summary, top_cap_warnings, top_share
from .transitions import (
    add_aanvulling,
    assign_consulent,
    give_terugkoppeling,
    next_reference,
    request_aanvulling,
    take_in,
    withdraw,
)

__all__ = [
    "TransitionError",
    "add_aanvulling",
    "add_working_days",
    "archive_dossier",
    "assign_consulent",
    "book_top_grant",
    "decide",
    "give_terugkoppeling",
    "limit_breaches",
    "require_not_archived",
    "next_reference",
    "overdue_aanvragen",
    "request_aanvulling",
    "requested_amounts",
    "check_file_count",
    "store_bijlage",
    "take_in",
    "top_budget_summary",
    "top_cap_warnings",
    "top_share",
    "withdraw",
]
