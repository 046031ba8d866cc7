"""The mailbox domain: leerling, dossier, aanvraag and everything that happens to it.

A submitted form becomes an ``Aanvraag`` in a pupil's ``Dossier`` (see
``loket.lifecycle.intake``). What may happen to an aanvraag next is decided by the
functions in ``loket.lifecycle.transitions`` and ``loket.lifecycle.besluit``, never by
saving a model directly from a view. Who may see a dossier is decided once, in
``permissions.policy``.

One module per concern; everything is re-exported here so ``from loket.models
import X`` keeps working, and so do the paths the migrations name
(``loket.models.bijlage_upload_to``, ``loket.models.private_storage``).
"""

from cms.files.storage import private_storage

from .aanvraag import Aanvraag, AanvraagTelling, ReferenceCounter, StatusChange
from .avg import AvgExport, AvgVerzoek, VerzoekStap
from .berichten import Aanvulling, Terugkoppeling
from .besluit import Besluit, Bezwaar, BezwaarUitstel, Evaluatiemoment, Herziening
from .bewaren import Bewaartermijn, PurgeRecord, RetentieRun
from .bijlagen import Bijlage, bijlage_upload_to
from .documenten import FormeelDocument
from .dossier import Dossier, Leerling
from .instellingen import LoketSettings
from .instemming import Instemming, InstemmingVereist
from .logboek import AppendOnlyQuerySet, LogboekControle, LogboekKeten, LogEntry
from .notities import Actiepunt, Notitie
from .ondertekening import Medeondertekenaar, Medeondertekening
from .overdracht import Overdracht
from .plan import Ontwikkelplan
from .samenvoeging import Samenvoeging
from .schooljaren import Groepsplaatsing, Thuiszitter, school_year_label
from .top import TopBudget, TopLedgerEntry
from .vergadering import Agendapunt, Vergadering

__all__ = [
    "Bezwaar",
    "BezwaarUitstel",
    "Evaluatiemoment",
    "Herziening",
    "Aanvraag",
    "AanvraagTelling",
    "Actiepunt",
    "Agendapunt",
    "Aanvulling",
    "AvgExport",
    "AvgVerzoek",
    "AppendOnlyQuerySet",
    "Besluit",
    "Bewaartermijn",
    "Bijlage",
    "Dossier",
    "FormeelDocument",
    "Groepsplaatsing",
    "Instemming",
    "InstemmingVereist",
    "Leerling",
    "LogEntry",
    "LogboekControle",
    "LogboekKeten",
    "LoketSettings",
    "Medeondertekenaar",
    "Medeondertekening",
    "Ontwikkelplan",
    "Notitie",
    "Overdracht",
    "ReferenceCounter",
    "PurgeRecord",
    "RetentieRun",
    "Samenvoeging",
    "StatusChange",
    "Terugkoppeling",
    "Thuiszitter",
    "TopBudget",
    "TopLedgerEntry",
    "Vergadering",
    "VerzoekStap",
    "bijlage_upload_to",
    "school_year_label",
    "private_storage",
]
