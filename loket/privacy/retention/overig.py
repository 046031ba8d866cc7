"""Bewaartermijnen for what is not a dossier: the AVG register, accounts of people who
left, the security log and the kennisbank's feedback and zero-result queries.

These were the register's "open punten" (``loket.privacy.verwerkingen``). Each is one
entry in ``rules`` like the dossier kinds in ``loket.privacy.retention.rules``, so the
same hourly ``bewaartermijnen`` job removes them, a beheerder can change the period in
Instellingen › Bewaartermijnen, and the README's register shows the period with its
source. Imported by ``LoketConfig.ready`` after ``rules``.
"""

from django.db import connection
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from loket.logboek import RETENTION_SETTING
from loket.models import AvgVerzoek, Bewaartermijn, VerzoekStap
from loket.models.bewaren import RetentionRule, rules

DELETE = Bewaartermijn.Actie.VERWIJDEREN
ANONYMISE = Bewaartermijn.Actie.ANONIMISEREN
# An anonymised account keeps its row (what refers to it stays valid) under this address.
ANONIEM_DOMEIN = "account.invalid"


def _delete_steps(steps):
    """Delete steps of the AVG register: the one delete path of that append-only log.

    As ``loket.logboek.purge``: the trigger (migration 0034) lets a DELETE through only
    while the transaction-local setting is on, inside the rule's transaction."""
    with connection.cursor() as cursor:
        postgres = connection.vendor == "postgresql"
        if postgres:
            cursor.execute("SELECT set_config(%s, 'aan', true)", [RETENTION_SETTING])
        try:
            steps._raw_delete(connection.alias)
        finally:
            if postgres:
                cursor.execute("SELECT set_config(%s, 'uit', true)", [RETENTION_SETTING])


def _find_verzoeken(cutoffs):
    return AvgVerzoek.objects.filter(
        status=AvgVerzoek.Status.AFGEROND, besloten_op__lt=cutoffs["avg_verzoek"]
    ).order_by("pk")


def _delete_verzoek(verzoek, action):
    _delete_steps(VerzoekStap.objects.filter(verzoek=verzoek))
    verzoek.delete()


def _verzoek_kenmerk(verzoek):
    return [f"verzoek {verzoek.pk}"]


def _find_zoeklog(cutoffs):
    # Steps outside a request: the privacy officer's searches and downloads.
    return VerzoekStap.objects.filter(verzoek__isnull=True, at__lt=cutoffs["avg_zoeklog"])


def _delete_zoekstap(step, action):
    _delete_steps(VerzoekStap.objects.filter(pk=step.pk))


def _find_accounts(cutoffs):
    from accounts.models import User

    return (
        User.objects.filter(is_active=False)
        .annotate(laatst=Coalesce("last_login", "date_joined"))
        .filter(laatst__lt=cutoffs["account_vertrokken"])
        .exclude(email__endswith=f"@{ANONIEM_DOMEIN}")
        .order_by("pk")
    )


def anonymise_account(user, action=None):
    """Strip an inactive account to its row: no name, no address, no way to log in.

    The row stays, because logboek lines, besluiten and steps refer to it; what named
    the person or let them in goes (memberships, devices, links, school logins)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.activation.models import ActivationLink
    from accounts.models import BackupCodeDevice
    from federatie.models import FederatedDevice, FederatedIdentity

    for model in (TOTPDevice, BackupCodeDevice, FederatedDevice, FederatedIdentity):
        model.objects.filter(user=user).delete()
    ActivationLink.objects.filter(user=user).delete()
    user.memberships.all().delete()
    user.consulent_assignments.all().delete()
    user.first_name = user.last_name = ""
    user.email = f"verwijderd-{user.pk}@{ANONIEM_DOMEIN}"
    user.set_unusable_password()
    user.save()


def _account_kenmerk(user):
    return [f"account {user.pk}"]


def _find_security(cutoffs):
    from accounts.models import SecurityEvent
    from federatie.models import LoginEvent

    cutoff = cutoffs["beveiligingslog"]
    return [
        *SecurityEvent.objects.filter(created_at__lt=cutoff).only("pk"),
        *LoginEvent.objects.filter(created_at__lt=cutoff).only("pk"),
    ]


def _delete(obj, action):
    obj.delete()


def _find_feedback(cutoffs):
    from kennisbank.models import ArticleFeedback

    old = ArticleFeedback.objects.filter(created_at__lt=cutoffs["kennisbank_feedback"])
    if cutoffs["actions"]["kennisbank_feedback"] == ANONYMISE:
        return old.exclude(comment="")
    return old


def _forget_feedback(feedback, action):
    if action == DELETE:
        feedback.delete()
    else:
        feedback.comment = ""  # the free text may name someone; the vote does not
        feedback.save(update_fields=["comment"])


def _find_queries(cutoffs):
    from wagtail.contrib.search_promotions.models import Query

    cutoff = cutoffs["zoekvraag"].date()
    old_days = Q(zero_result_days__date__lt=cutoff) | Q(click_days__date__lt=cutoff)
    queries = Query.objects.filter(old_days).distinct().order_by("pk")
    return [(query, cutoff) for query in queries]


def _forget_query(item, action):
    """Drop a query's old day counts; the query text itself goes once nothing refers to
    it any more (no newer counts, no editor's promotion), so a name typed into the
    search box does not outlive the period."""
    from kennisbank.models import SearchClickDay, ZeroResultQuery

    query, cutoff = item
    ZeroResultQuery.objects.filter(query=query, date__lt=cutoff).delete()
    SearchClickDay.objects.filter(query=query, date__lt=cutoff).delete()
    query.daily_hits.filter(date__lt=cutoff).delete()
    still_used = (
        query.zero_result_days.exists()
        or query.click_days.exists()
        or query.daily_hits.exists()
        or query.editors_picks.exists()
    )
    if not still_used:
        query.delete()


rules.register(
    "avg_verzoek",
    RetentionRule(
        label=_("Afgehandeld AVG-verzoek met zijn stappen"),
        starts=_("vanaf het besluit"),
        source=_(
            "Verantwoordingsplicht (AVG art. 5 lid 2): 5 jaar, zodat het SWV kan laten zien "
            "hoe een verzoek is afgehandeld zolang een klacht bij de Autoriteit "
            "Persoonsgegevens of de rechter nog kan spelen; daarna heeft het geen doel meer."
        ),
        default_days=5 * 365 + 1,
        find=_find_verzoeken,
        apply=_delete_verzoek,
        describe=_verzoek_kenmerk,
        minimum_days=365,
    ),
)
rules.register(
    "avg_zoeklog",
    RetentionRule(
        label=_("Zoekacties en downloads van de FG buiten een verzoek"),
        starts=_("vanaf de zoekactie"),
        source=_("Als een afgehandeld AVG-verzoek: 5 jaar (dezelfde verantwoording)."),
        default_days=5 * 365 + 1,
        find=_find_zoeklog,
        apply=_delete_zoekstap,
        minimum_days=365,
    ),
)
rules.register(
    "account_vertrokken",
    RetentionRule(
        label=_("Account dat op inactief staat (iemand is vertrokken)"),
        starts=_("vanaf het laatste inloggen (of het aanmaken)"),
        source=_(
            "Dataminimalisatie (AVG art. 5 lid 1e): 1 jaar, gelijk aan de beveiligingslog, "
            "zodat een incident nog tot het account te herleiden is. De rij blijft (het "
            "logboek verwijst ernaar), naam, adres, apparaten en rollen gaan weg."
        ),
        default_days=365,
        default_action=ANONYMISE,
        actions=(ANONYMISE,),
        find=_find_accounts,
        apply=anonymise_account,
        describe=_account_kenmerk,
        minimum_days=30,
    ),
)
rules.register(
    "beveiligingslog",
    RetentionRule(
        label=_("Beveiligingslog en inlogpogingen"),
        starts=_("vanaf de gebeurtenis"),
        source=_(
            "1 jaar: lang genoeg om een inbraak achteraf na te gaan (BIO 12.4.1, "
            "logbestanden bewaren en beoordelen), niet langer dan dat doel vraagt."
        ),
        default_days=365,
        find=_find_security,
        apply=_delete,
        minimum_days=90,
    ),
)
rules.register(
    "kennisbank_feedback",
    RetentionRule(
        label=_("Toelichting bij feedback op de kennisbank"),
        starts=_("vanaf het geven"),
        source=_(
            "Afspraak SWV-portaal: 1 jaar; een redacteur verwerkt feedback binnen dat jaar. "
            "Anonimiseren wist de vrije tekst en houdt de stem (nuttig ja/nee)."
        ),
        default_days=365,
        default_action=ANONYMISE,
        actions=(ANONYMISE, DELETE),
        find=_find_feedback,
        apply=_forget_feedback,
    ),
)
rules.register(
    "zoekvraag",
    RetentionRule(
        label=_("Zoekvragen (zonder resultaat, doorklikken) per dag"),
        starts=_("vanaf de dag van de zoekvraag"),
        source=_(
            "Afspraak SWV-portaal: 1 jaar; de redactie kijkt per kwartaal wat ontbreekt, "
            "en een zoekvraag kan een naam bevatten die iemand intypte."
        ),
        default_days=365,
        find=_find_queries,
        apply=_forget_query,
    ),
)
