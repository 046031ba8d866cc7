"""The append-only logboek of everything that happens to a dossier or aanvraag, and
its hash chain.

Why a changed or removed line shows: the append-only trigger (migrations 0002/0006)
can be switched off by the application's own database role, so it alone proves
nothing afterwards. Each
``LogEntry`` therefore carries its place in a chain (``chain``, ``seq``), the hash
of the line before it (``prev_hash``) and its own SHA-256 over a fixed
serialisation that includes ``prev_hash`` (``hash``). Changing a line changes its
hash; removing one breaks the link of the next; removing the last ones no longer
matches the chain's head (``LogboekKeten``), which is written in the same
transaction as the line.

One chain per dossier, because the dossier is what a school, externe or privacy
officer reads as one logboek; lines about an aanvraag without a dossier chain per
aanvraag, the rest (exports, AVG requests) in one general chain. Merged dossiers
keep their own chains (their lines are never moved).

Without a key outside the database this detects tampering by anyone who does not
recompute the chain from the edited line onward; ``verify_logboek`` reports it.
"""

import hashlib
import hmac
import json
from datetime import UTC

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .aanvraag import Aanvraag
from .dossier import Dossier

# Bump only with a migration that re-hashes: every stored hash depends on this format.
# v1 was a plain SHA-256; v2 (migration 0037) is an HMAC-SHA256 with LOGBOEK_HMAC_KEY.
CANONICAL_VERSION = "v2"
# The fields of a line in hash order. ``hash`` itself is of course not in it.
CANONICAL_FIELDS = (
    "chain",
    "seq",
    "at",
    "user_id",
    "actor",
    "role",
    "action",
    "dossier_id",
    "aanvraag_id",
    "reference",
    "detail",
    "removed_seqs",
    "prev_hash",
)
GENERAL_CHAIN = "algemeen"


def chain_key(dossier_id, aanvraag_id):
    """The chain a line belongs to: its dossier, else its aanvraag, else the general one."""
    if dossier_id:
        return f"dossier:{dossier_id}"
    if aanvraag_id:
        return f"aanvraag:{aanvraag_id}"
    return GENERAL_CHAIN


def chain_owner(key):
    """The ``(dossier_id, aanvraag_id)`` a new line of chain ``key`` must carry."""
    kind, _sep, number = key.partition(":")
    if kind == "dossier":
        return int(number), None
    if kind == "aanvraag":
        return None, int(number)
    return None, None


def _canonical_value(value):
    """Only str, int and None survive JSON byte-for-byte; times become UTC ISO text."""
    if hasattr(value, "astimezone"):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if value is None or isinstance(value, (str, int)) and not isinstance(value, bool):
        return value
    raise TypeError(f"Geen vaste vorm voor {type(value).__name__} in het logboek.")


def canonical(line, version=CANONICAL_VERSION):
    """The bytes that are hashed: a JSON array of version and values in field order,
    without spaces, UTF-8. Takes any object with the fields (a migration's model too)."""
    values = [version] + [_canonical_value(getattr(line, f)) for f in CANONICAL_FIELDS]
    return json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode()


def line_hash(line):
    """HMAC-SHA256 of the line with a key from the environment (``LOGBOEK_HMAC_KEY``).

    Why a key: with a plain hash, anyone who can write the database could rewrite a line
    and recompute every hash after it, and the chain would verify. The key lives in the
    server's environment, not in the database, so database access alone is not enough."""
    key = settings.LOGBOEK_HMAC_KEY.encode()
    return hmac.new(key, canonical(line), hashlib.sha256).hexdigest()


def plain_line_hash_v1(line):
    """The v1 hash (plain SHA-256), for migration 0037 that re-keys the old chains only."""
    return hashlib.sha256(canonical(line, "v1")).hexdigest()


def format_ranges(numbers):
    """``[1, 2, 3, 7]`` -> ``"1-3,7"``: the sequence numbers a seal line accounts for."""
    numbers = sorted(set(numbers))
    parts, start = [], None
    for index, number in enumerate(numbers):
        if start is None:
            start = number
        if index + 1 == len(numbers) or numbers[index + 1] != number + 1:
            parts.append(str(start) if start == number else f"{start}-{number}")
            start = None
    return ",".join(parts)


def parse_ranges(text):
    numbers = set()
    for part in filter(None, (text or "").split(",")):
        low, _sep, high = part.partition("-")
        numbers.update(range(int(low), int(high or low) + 1))
    return numbers


class LogboekKeten(models.Model):
    """The head of one chain: its length and last hash. Locked (``select_for_update``)
    while a line is added, so two lines written at once cannot both follow the same
    predecessor; and a removed last line shows because the head still names it.
    A row of its own rather than the dossier's: lines outlive their dossier (merge,
    retention), and a stale ``Dossier.save()`` must not be able to rewind the head."""

    chain = models.CharField(_("keten"), max_length=40, unique=True)
    length = models.PositiveIntegerField(_("aantal regels"), default=0)
    head_hash = models.CharField(_("laatste hash"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("logboekketen")
        verbose_name_plural = _("logboekketens")
        default_permissions = ()

    def __str__(self):
        return self.chain


def link(line):
    """Give a new line its place in its chain and its hash, and move the head; the
    caller saves the line in the same transaction (``LogEntry.save``)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Een logboekregel wordt alleen binnen een transactie gekoppeld.")
    key = chain_key(line.dossier_id, line.aanvraag_id)
    # Creating the head may race; the unique key lets one win and the other wait.
    LogboekKeten.objects.bulk_create([LogboekKeten(chain=key)], ignore_conflicts=True)
    head = LogboekKeten.objects.select_for_update().get(chain=key)
    line.chain, line.seq, line.prev_hash = key, head.length + 1, head.head_hash
    line.hash = line_hash(line)
    LogboekKeten.objects.filter(pk=head.pk).update(length=line.seq, head_hash=line.hash)


class LogboekControle(models.Model):
    """One run of ``verify_logboek``: what ``/health/`` shows staff without walking
    every chain on each request. Chain keys and sequence numbers only, no content."""

    checked_at = models.DateTimeField(_("gecontroleerd"), auto_now_add=True)
    ok = models.BooleanField(_("in orde"))
    chains = models.PositiveIntegerField(_("ketens"))
    lines = models.PositiveIntegerField(_("regels"))
    breaks = models.JSONField(_("eerste breuk per keten"), default=list)

    class Meta:
        verbose_name = _("logboekcontrole")
        verbose_name_plural = _("logboekcontroles")
        ordering = ["-checked_at", "-pk"]
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.checked_at:%d-%m-%Y %H:%M} {'in orde' if self.ok else 'gebroken'}"


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Het logboek kan niet worden gewijzigd.")

    def delete(self):
        raise PermissionError("Het logboek kan niet worden gewist.")


class AppendOnlyRow:
    """A row that is written once: no save after the first, no delete (mixin for the
    logboek and the AVG register's steps; the database triggers back it up)."""

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("Het logboek kan niet worden gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Het logboek kan niet worden gewist.")


class LogEntry(AppendOnlyRow, models.Model):
    """One line of the logboek. Append-only: no update or delete path, and on
    PostgreSQL a trigger (migration 0002) refuses UPDATE and DELETE outright.
    Tamper-evident: every line is a link of its dossier's hash chain (``keten``).

    Holds references only: never answers, file names or pupil names. The foreign
    keys have no database constraint, so a line outlives what it refers to.
    """

    class Action(models.TextChoices):
        INGEDIEND = "ingediend", _("Aanvraag ingediend")
        BEKEKEN = "bekeken", _("Aanvraag bekeken")
        DOSSIER_BEKEKEN = "dossier_bekeken", _("Dossier bekeken")
        DOWNLOAD = "download", _("Bijlage gedownload")
        STATUS = "status", _("Status gewijzigd")
        TOEGEWEZEN = "toegewezen", _("Consulent toegewezen")
        AANVULLING = "aanvulling", _("Aanvulling toegevoegd")
        TERUGKOPPELING = "terugkoppeling", _("Terugkoppeling gegeven")
        BESLUIT = "besluit", _("Besluit vastgelegd")
        AFWIJKING = "afwijking", _("Besluit wijkt af van een maximum")
        BESLUITDOCUMENT = "besluitdocument", _("Besluitdocument bekeken")
        GEARCHIVEERD = "gearchiveerd", _("Dossier gearchiveerd")
        HEROPEND = "heropend", _("Dossier heropend")
        INZAGE_VERLEEND = "inzage_verleend", _("Inzage gegeven")
        INZAGE_BEEINDIGD = "inzage_beeindigd", _("Einddatum inzage vervroegd")
        INZAGE_INGETROKKEN = "inzage_ingetrokken", _("Inzage ingetrokken")
        INZAGE_VERLOPEN = "inzage_verlopen", _("Inzage verlopen")
        INSTEMMING_VERSTUURD = "instemming_verstuurd", _("Instemming gevraagd per e-mail")
        INSTEMMING_GEOPEND = "instemming_geopend", _("Instemmingslink geopend")
        INSTEMMING_CODE = "instemming_code", _("Instemmingscode aangevraagd")
        INSTEMMING_CODE_FOUT = "instemming_code_fout", _("Instemmingscode fout ingevuld")
        INSTEMMING_BEANTWOORD = "instemming_beantwoord", _("Instemming beantwoord")
        INSTEMMING_VERLOPEN = "instemming_verlopen", _("Instemmingslink verlopen")
        INSTEMMING_INGETROKKEN = "instemming_ingetrokken", _("Instemmingslink ingetrokken")
        INSTEMMING_GEREGISTREERD = "instemming_geregistreerd", _("Instemming geregistreerd")
        INSTEMMING_GEINFORMEERD = (
            "instemming_geinformeerd",
            _("Ouders geïnformeerd: de leerling stemt zelf in"),
        )
        PLAN_BIJGEWERKT = "plan_bijgewerkt", _("Ontwikkelplan bijgewerkt")
        OVERDRACHT_KLAARGEZET = "overdracht_klaargezet", _("Overdracht klaargezet")
        OVERDRACHT_FOUT = "overdracht_fout", _("Overdracht: foute geboortedatum")
        OVERDRACHT_GEANNULEERD = "overdracht_geannuleerd", _("Overdracht geannuleerd")
        OVERDRACHT_GEACCEPTEERD = "overdracht_geaccepteerd", _("Overdracht geaccepteerd")
        AVG_EXPORT = "avg_export", _("AVG-inzage-export gemaakt")
        AVG_DOWNLOAD = "avg_download", _("AVG-inzage-export gedownload")
        EXPORT = "export", _("Aanvragen geëxporteerd")
        NOTITIE = "notitie", _("Notitie toegevoegd")
        ACTIEPUNT = "actiepunt", _("Actiepunt toegevoegd")
        ACTIEPUNT_AFGEROND = "actiepunt_afgerond", _("Actiepunt afgerond")
        GEAGENDEERD = "geagendeerd", _("Geagendeerd voor de commissie")
        UITGESTELD = "uitgesteld", _("Uitgesteld naar een latere vergadering")
        NOTULEN = "notulen", _("Notulen bij het agendapunt bijgewerkt")
        THUISZITTEN = "thuiszitten", _("Thuiszitten gemeld")
        THUISZITTEN_EINDE = "thuiszitten_einde", _("Thuiszitten beëindigd")
        LEERLING_GECORRIGEERD = "leerling_gecorrigeerd", _("Leerlinggegevens gecorrigeerd")
        LEERLINGEN_GEIMPORTEERD = "leerlingen_geimporteerd", _("Leerlingen geïmporteerd")
        SAMENGEVOEGD = "samengevoegd", _("Ander dossier samengevoegd in dit dossier")
        SAMENGEVOEGD_IN = "samengevoegd_in", _("Dossier samengevoegd in een ander dossier")
        LEERLING_OVERGEZET = "leerling_overgezet", _("Dossier naar samengevoegde leerling")
        ONDERTEKENING_GEVRAAGD = "ondertekening_gevraagd", _("Mede-ondertekening gevraagd")
        ONDERTEKENING_GEOPEND = "ondertekening_geopend", _("Ondertekeningslink geopend")
        ONDERTEKENING_CODE = "ondertekening_code", _("Ondertekeningscode aangevraagd")
        ONDERTEKENING_CODE_FOUT = "ondertekening_code_fout", _("Ondertekeningscode fout")
        ONDERTEKENING_GETEKEND = "ondertekening_getekend", _("Mede-ondertekend")
        ONDERTEKENING_GEWEIGERD = "ondertekening_geweigerd", _("Mede-ondertekening geweigerd")
        ONDERTEKENING_VERLOPEN = "ondertekening_verlopen", _("Ondertekeningslink verlopen")
        ONDERTEKENING_INGETROKKEN = "ondertekening_ingetrokken", _("Ondertekeningslink ingetrokken")
        ONDERTEKENING_HERINNERD = "ondertekening_herinnerd", _("Herinnering mede-ondertekening")
        BEZWAAR = "bezwaar", _("Bezwaar ingediend")
        BEZWAAR_UITSTEL = "bezwaar_uitstel", _("Te laat bezwaar toegelaten")
        HOORZITTING = "hoorzitting", _("Hoorzitting bezwaar vastgelegd")
        BEZWAAR_UITKOMST = "bezwaar_uitkomst", _("Beslissing op bezwaar")
        BEZWAAR_INGETROKKEN = "bezwaar_ingetrokken", _("Bezwaar ingetrokken door de school")
        HERZIENING = "herziening", _("Besluit herzien")
        TOP_VRIJGEGEVEN = "top_vrijgegeven", _("TOP-boeking vrijgegeven")
        TOP_GEBOEKT = "top_geboekt", _("TOP-boeking vastgelegd")
        ONDERTEKENING_AFWIJKING = (
            "ondertekening_afwijking",
            _("Besluit zonder alle mede-ondertekeningen"),
        )
        HOORRECHT = "hoorrecht", _("Hoorrecht leerling en ouders vastgelegd")
        BEPERKT = "beperkt", _("Verwerking beperkt (AVG)")
        BEPERKING_OPGEHEVEN = "beperking_opgeheven", _("Beperking van de verwerking opgeheven")
        TLV_HERINNERING = "tlv_herinnering", _("Herinnering heraanvraag TLV verstuurd")
        TLV_VERLENGT = "tlv_verlengt", _("Verlenging gekoppeld aan een TLV")
        EVALUATIE_GEPLAND = "evaluatie_gepland", _("Evaluatiemoment gepland")
        EVALUATIE_HERINNERING = "evaluatie_herinnering", _("Herinnering evaluatie verstuurd")
        EVALUATIE_ONTVANGEN = "evaluatie_ontvangen", _("Evaluatie ontvangen")
        EVALUATIE_GELEZEN = "evaluatie_gelezen", _("Evaluatie gelezen door het SWV")
        EVALUATIE_VERPLAATST = "evaluatie_verplaatst", _("Evaluatiemoment verplaatst")
        VERZEGELD = "verzegeld", _("Regels verwijderd na bewaartermijn (verzegeld)")

    at = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("wie"),
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor = models.CharField(_("wie (zoals toen)"), max_length=254, blank=True)
    role = models.CharField(_("rol"), max_length=30, blank=True)
    action = models.CharField(_("wat"), max_length=30, choices=Action.choices)
    dossier = models.ForeignKey(
        Dossier,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="logboek",
    )
    aanvraag = models.ForeignKey(
        Aanvraag,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="logboek",
    )
    reference = models.CharField(_("kenmerk"), max_length=20, blank=True)
    detail = models.CharField(_("details"), max_length=200, blank=True)
    # The hash chain (loket.models.logboek); set by ``save``, never by a caller.
    chain = models.CharField(_("keten"), max_length=40, blank=True, db_index=True)
    seq = models.PositiveIntegerField(_("volgnummer in de keten"), default=0)
    prev_hash = models.CharField(_("hash vorige regel"), max_length=64, blank=True)
    hash = models.CharField(_("hash"), max_length=64, blank=True)
    # Only on a ``verzegeld`` line: the sequence numbers retention removed ("1-14,17").
    removed_seqs = models.TextField(_("verwijderde volgnummers"), blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("logboekregel")
        verbose_name_plural = _("logboek")
        ordering = ["-at", "-pk"]
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="loket_logentry_chain_seq")
        ]

    def __str__(self):
        return f"{self.at:%d-%m-%Y %H:%M} {self.get_action_display()} {self.reference}"

    def save(self, *args, **kwargs):
        """Link the line into its chain in the same transaction as the insert; the
        append-only rules (``AppendOnlyRow``) refuse a second save."""
        if not self._state.adding:
            raise PermissionError("Het logboek kan niet worden gewijzigd.")
        with transaction.atomic():
            link(self)
            super().save(*args, **kwargs)
