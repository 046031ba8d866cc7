"""The loket's public domain API, in one import for views, the demo and tests.

The rules themselves live in small modules by concern; this module only gathers
their public functions so callers write ``services.take_in(...)``:

- ``loket.lifecycle.transitions``: the status machine (in behandeling, aanvulling,
  terugkoppeling, intrekken);
- ``loket.kenmerk``: the kenmerk numbering;
- ``loket.dossiers.archive``: archiveren (five working days after a TLV aanvraag);
- ``loket.lifecycle.besluit``: the besluit, the defaults of the besluit form
  (``requested_amounts``) and overdue aanvragen;
- ``loket.lifecycle.ledger``: the TOP-arrangement budget;
- ``loket.lifecycle.bijlagen``: storing uploaded files;
- ``loket.errors``: ``TransitionError``, raised by all of them.
"""

from loket.dossiers.archive import add_working_days, archive_dossier, require_not_archived
from loket.errors import TransitionError
from loket.kenmerk import next_reference
from loket.lifecycle.besluit import decide, limit_breaches, overdue_aanvragen, requested_amounts
from loket.lifecycle.bijlagen import check_file_count, store_bijlage
from loket.lifecycle.ledger import (
    book_top_grant,
    budget_overview,
    release,
    top_budget_summary,
    top_cap_warnings,
    top_share,
)
from loket.lifecycle.transitions import (
    add_aanvulling,
    assign_consulent,
    give_terugkoppeling,
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
    "budget_overview",
    "decide",
    "give_terugkoppeling",
    "limit_breaches",
    "require_not_archived",
    "next_reference",
    "overdue_aanvragen",
    "release",
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
