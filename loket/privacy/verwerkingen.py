"""The register of processing (verwerkingsregister, AVG art. 30) as code.

Why in code: the README's privacy section, the privacy officer's admin page and the
test that every model is accounted for all read this one registry, so the register
cannot drift from the database. Each entry is one category of personal data: its
purpose, the models that hold it, where those live, who may see them, how long
they are kept and how they go. The retention part is not written here but read
from retention's own rules (``loket.privacy.retention.rules``): the periods shown
are the ones the code applies. A category whose data has no retention rule yet
says so (``bewaren_open``) instead of pretending.

``GEEN_PERSOONSGEGEVENS`` lists the models of the portal's own apps that hold no
personal data, each with the reason; ``tests/loket/test_verwerkingen.py`` fails
when a model is in neither place, or in both.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from accounts.registry import Registry

verwerkingen = Registry("verwerkingsregister")

DATABASE = _("database")
PRIVATE_FILES = _("privé-opslag (bestanden, alleen via een controlerende view)")


@dataclass(frozen=True)
class Verwerking:
    """One category of personal data in the register."""

    label: str
    doel: str  # purpose (AVG art. 30 lid 1b)
    gegevens: str  # which data, in words
    modellen: tuple  # model labels ("app.Model") that hold it
    opslag: tuple  # where: DATABASE, PRIVATE_FILES, ...
    wie: str  # who sees it, by role
    bewaren: tuple = ()  # keys of retention rules that remove it
    bewaren_tekst: str = ""  # what else decides how long it stays
    bewaren_open: bool = False  # no retention rule yet: an open point, said so
    verwijderen: str = ""  # how it is removed


verwerkingen.register(
    "leerling",
    Verwerking(
        label=_("Leerlingregister"),
        doel=_("Eén kind, één dossier: de leerling kiezen in een aanvraag, dubbelen voorkomen."),
        gegevens=_(
            "Naam, geboortedatum, leerlingnummer van de school, groep per schooljaar, "
            "vertrekdatum, thuiszitten (periode en reden uit een korte lijst)."
        ),
        modellen=(
            "loket.Leerling",
            "loket.Groepsplaatsing",
            "loket.Thuiszitter",
            "loket.Samenvoeging",
        ),
        opslag=(DATABASE,),
        wie=_(
            "Schoolgebruikers van de eigen school; consulent van die school; commissie bij "
            "een aanvraag; privacyfunctionaris binnen een AVG-verzoek. Beheerder niet."
        ),
        bewaren=("dossier_gearchiveerd", "dossier_inactief"),
        bewaren_tekst=_("De leerling gaat mee met het laatste dossier over hem of haar."),
        verwijderen=_("Met het dossier (retentie of AVG-wissing); samenvoegen bewaart alleen ids."),
    ),
)
verwerkingen.register(
    "dossier",
    Verwerking(
        label=_("Dossier en aanvragen"),
        doel=_(
            "Ondersteuning aanvragen en besluiten (TLV, arrangementen, TOP) volgens de "
            "Wet passend onderwijs; bezwaar, herziening en vergaderingen van de commissie."
        ),
        gegevens=_(
            "Antwoorden op het formulier (onderwijsbehoeften, ontwikkelingsperspectief), "
            "status, terugkoppeling, aanvullingen, besluit en motivering, bezwaar en "
            "hoorzitting, herziening, notulen, evaluaties, interne notities en actiepunten."
        ),
        modellen=(
            "loket.Dossier",
            "loket.Aanvraag",
            "loket.StatusChange",
            "loket.Aanvulling",
            "loket.Terugkoppeling",
            "loket.Besluit",
            "loket.Bezwaar",
            "loket.BezwaarUitstel",
            "loket.Herziening",
            "loket.Notitie",
            "loket.Actiepunt",
            "loket.Agendapunt",
            "loket.Evaluatiemoment",
            "loket.Ontwikkelplan",
            "loket.Overdracht",
            "loket.TopLedgerEntry",
        ),
        opslag=(DATABASE,),
        wie=_(
            "De school van het dossier; consulent van die school; commissie; een externe "
            "alleen lezend bij een inzage die de school gaf; notities en notulen alleen "
            "SWV-medewerkers. Beheerder ziet alleen geanonimiseerde tellingen."
        ),
        bewaren=("afgewezen_aanvraag", "tlv_besluit", "dossier_gearchiveerd", "dossier_inactief"),
        verwijderen=_(
            "Retentie verwijdert of anonimiseert per aanvraag en verwijdert het dossier "
            "twee jaar na archiveren, of na de termijn zonder activiteit als niemand het "
            "archiveerde; AVG-wissing kan eerder."
        ),
    ),
)
verwerkingen.register(
    "bijlagen",
    Verwerking(
        label=_("Bijlagen en formele documenten"),
        doel=_(
            "Onderbouwing van een aanvraag (OPP, OZA-formulier) en de besluiten zoals verstuurd."
        ),
        gegevens=_("Geüploade bestanden en PDF's van besluiten, bezwaar en herziening."),
        modellen=("loket.Bijlage", "loket.FormeelDocument", "cms.PendingFileDeletion"),
        opslag=(DATABASE, PRIVATE_FILES),
        wie=_("Als het dossier; een bestand wordt alleen na een controle per verzoek geleverd."),
        bewaren=("afgewezen_aanvraag", "tlv_besluit", "dossier_gearchiveerd", "dossier_inactief"),
        verwijderen=_(
            "Rij en bestand samen; het bestand na de commit, en zolang de opslag weigert "
            "opnieuw (bestanden_verwijderen); bestanden_opruimen vindt wezen."
        ),
    ),
)
verwerkingen.register(
    "formulier",
    Verwerking(
        label=_("Formulierconcepten en -inzendingen"),
        doel=_("Een aanvraag in stappen invullen en bewaren tot het indienen."),
        gegevens=_("Wat de school invult en uploadt, voordat het loket het overneemt."),
        modellen=(
            "forms.FormDraft",
            "forms.FormDraftFile",
            "forms.FormSubmission",
            "forms.FormSubmissionFile",
        ),
        opslag=(DATABASE, PRIVATE_FILES),
        wie=_("De schoolgebruikers van de organisatie van het concept."),
        bewaren=("concept", "formulierinzending"),
        verwijderen=_("Concept weg na 30 dagen stilstand; de kopie bij de inzending direct."),
    ),
)
verwerkingen.register(
    "instemming",
    Verwerking(
        label=_("Instemming en mede-ondertekening"),
        doel=_(
            "Bewijzen dat ouders (of de leerling van 16+) instemden en dat orthopedagoog "
            "en bestuur tekenden, met de vingerafdruk van de versie."
        ),
        gegevens=_(
            "E-mailadres, wijze, status, tijdstip, SHA-256 van de versie; link en code "
            "alleen als hash."
        ),
        modellen=("loket.Instemming", "loket.Medeondertekening"),
        opslag=(DATABASE,),
        wie=_("De school van de aanvraag, consulent en commissie; de ouder ziet alleen de eigen."),
        bewaren=("afgewezen_aanvraag", "tlv_besluit", "dossier_gearchiveerd", "dossier_inactief"),
        verwijderen=_("Met de aanvraag en het dossier."),
    ),
)
verwerkingen.register(
    "inzage",
    Verwerking(
        label=_("Inzage voor externen"),
        doel=_("Een externe (bijv. CLEO) leest de dossiers die de school met toestemming deelde."),
        gegevens=_("Wie, welk dossier, grondslag en toestemmingsdatum, begin en einde."),
        modellen=(
            "permissions.InzageGrant",
            "permissions.DossierUserObjectPermission",
            "permissions.DossierGroupObjectPermission",
        ),
        opslag=(DATABASE,),
        wie=_("De school die de inzage gaf; de externe zelf alleen het dossier."),
        bewaren=("dossier_gearchiveerd", "dossier_inactief"),
        bewaren_tekst=_("Een inzage eindigt op de einddatum (expire_grants, dagelijks)."),
        verwijderen=_("Met het dossier."),
    ),
)
verwerkingen.register(
    "logboek",
    Verwerking(
        label=_("Logboek van een dossier"),
        doel=_("Verantwoording: wie wat zag, downloadde, wijzigde of besloot (AVG art. 5 lid 2)."),
        gegevens=_("Gebruiker, rol, handeling, kenmerk, tijdstip; geen antwoorden, geen namen."),
        modellen=("loket.LogEntry", "loket.LogboekKeten"),
        opslag=(DATABASE,),
        wie=_("De school voor eigen dossiers; SWV-medewerkers; niet de beheerder."),
        bewaren=("logboek",),
        verwijderen=_("Met het dossier; er blijft één verzegelde regel zonder persoonsgegevens."),
    ),
)
verwerkingen.register(
    "avg",
    Verwerking(
        label=_("AVG-verzoeken en inzage-exports"),
        doel=_("Verzoeken van betrokkenen (art. 15-21) registreren, termijnen bewaken, uitvoeren."),
        gegevens=_(
            "Soort verzoek, de leerling, termijn, besluit en reden, stappen; de ZIP-export."
        ),
        modellen=("loket.AvgVerzoek", "loket.VerzoekStap", "loket.AvgExport"),
        opslag=(DATABASE, PRIVATE_FILES),
        wie=_("Alleen de privacyfunctionaris (de export ook de commissie die hem maakte)."),
        bewaren_tekst=_(
            "De export verdwijnt na de eerste download of na AVG_EXPORT_DAYS (7 dagen, "
            "avg_exports_opruimen)."
        ),
        bewaren=("avg_verzoek", "avg_zoeklog"),
        verwijderen=_(
            "Retentie verwijdert het verzoek met zijn stappen (het log is verder append-only "
            "en overleeft een gewist dossier)."
        ),
    ),
)
verwerkingen.register(
    "accounts",
    Verwerking(
        label=_("Gebruikersaccounts"),
        doel=_("Inloggen met twee factoren en rechten per rol en organisatie."),
        gegevens=_(
            "Naam, e-mailadres, wachtwoord-hash, TOTP-apparaat, back-upcodes (hash), "
            "lidmaatschappen en rollen, activatielinks (hash), koppeling met het schoolaccount "
            "(issuer en subject)."
        ),
        modellen=(
            "accounts.User",
            "accounts.Membership",
            "accounts.ConsulentAssignment",
            "accounts.BackupCodeDevice",
            "accounts.BackupCode",
            "accounts.ActivationLink",
            "federatie.FederatedIdentity",
            "federatie.FederatedDevice",
        ),
        opslag=(DATABASE,),
        wie=_("De gebruiker zelf; de beheerder (geen leerlinggegevens)."),
        bewaren=("account_vertrokken",),
        bewaren_tekst=_("Zolang het account actief is; de beheerder zet het op inactief."),
        verwijderen=_(
            "Retentie anonimiseert een inactief account: naam, adres, wachtwoord, apparaten, "
            "rollen en schoolkoppeling weg; de lege rij blijft voor het logboek."
        ),
    ),
)
verwerkingen.register(
    "beveiligingslog",
    Verwerking(
        label=_("Beveiligingslog"),
        doel=_("Inbraakpogingen en wijzigingen van rechten kunnen nagaan."),
        gegevens=_("Soort gebeurtenis, account-id, wie het deed, tijdstip; geen wachtwoorden."),
        modellen=("accounts.SecurityEvent", "federatie.LoginEvent"),
        opslag=(DATABASE,),
        wie=_("De beheerder."),
        bewaren=("beveiligingslog",),
        verwijderen=_("Retentie verwijdert de regels."),
    ),
)
verwerkingen.register(
    "nieuwsbrief",
    Verwerking(
        label=_("Nieuwsbriefabonnees"),
        doel=_("De nieuwsbrief sturen aan wie zich aanmeldde, met bewijs van toestemming."),
        gegevens=_(
            "E-mailadres, naam (optioneel), aanmeldingen, bewijs van toestemming, "
            "bezorging en bounces."
        ),
        modellen=(
            "content.Subscriber",
            "content.Subscription",
            "content.ConsentRecord",
            "content.Delivery",
            "content.Bounce",
        ),
        opslag=(DATABASE,),
        wie=_("Redactie (eindredacteur) en beheerder."),
        bewaren=("nieuwsbrief_toestemming",),
        verwijderen=_("De abonnee met zijn toestemmingen; bezorgingen tellen daarna anoniem."),
    ),
)
verwerkingen.register(
    "kennisbank",
    Verwerking(
        label=_("Feedback en zoekvragen kennisbank"),
        doel=_(
            "De kennisbank verbeteren: wat werd gezocht zonder resultaat, was een artikel nuttig."
        ),
        gegevens=_(
            "Vrije tekst van feedback en zoekvragen, per dag geteld, zonder wie; een "
            "zoekvraag kan toch een naam bevatten die iemand intypte."
        ),
        modellen=(
            "kennisbank.ArticleFeedback",
            "kennisbank.ZeroResultQuery",
            "kennisbank.SearchClickDay",
        ),
        opslag=(DATABASE,),
        wie=_("Redacteuren en eindredacteuren."),
        bewaren=("kennisbank_feedback", "zoekvraag"),
        verwijderen=_(
            "Retentie wist de toelichting (de stem blijft) en de tellingen per dag; de "
            "zoekvraag zelf zodra niets er meer naar verwijst."
        ),
    ),
)
verwerkingen.register(
    "sessies",
    Verwerking(
        label=_("Sessies en taken"),
        doel=_("Ingelogd blijven; werk in de achtergrond (taken bevatten alleen ids)."),
        gegevens=_("Sessie-id met account-id; taak-argumenten zonder persoonsgegevens."),
        modellen=("cms.KeptTask",),
        opslag=(DATABASE,),
        wie=_("Niemand in de portal."),
        bewaren_tekst=_("Een sessie verloopt bij uitloggen of na SESSION_COOKIE_AGE."),
        verwijderen=_("Verlopen sessies ruimt Django's clearsessions op."),
    ),
)

verwerkingen.register(
    "backups",
    Verwerking(
        label=_("Back-ups"),
        doel=_("De site na verlies of een fout kunnen terugzetten."),
        gegevens=_("Alles hierboven: de database en beide opslagen, versleuteld (age)."),
        modellen=(),
        opslag=(_("opslag 'backups' (map of privé-S3-bucket), één versleuteld bestand per dag"),),
        wie=_("Niemand in de portal: de server heeft alleen de publieke sleutel."),
        bewaren_tekst=_(
            "Rotatie na elke back-up: de nieuwste van de laatste BACKUP_KEEP_DAILY (7) dagen "
            "en BACKUP_KEEP_WEEKLY (4) weken."
        ),
        verwijderen=_(
            "Rotatie verwijdert oudere bestanden; na een restore worden verwijderingen van "
            "na de back-up opnieuw toegepast (PurgeRecord)."
        ),
    ),
)

# Models of the portal's own apps that hold no personal data, and why.
GEEN_PERSOONSGEGEVENS = {
    "accounts.Organisation": _("scholen en organisaties, met hun algemene e-mailadres"),
    "cms.SiteSettings": _("huisstijl en helpdesk van het SWV"),
    "federatie.OidcProvider": _("instellingen van de inlogdienst van een school (geheim niet)"),
    "federatie.SamlProvider": _("instellingen en metadata van de SAML-IdP van een school"),
    "federatie.SeenAssertion": _("een hash van gebruikte SAML-assertion-id's, tot ze verlopen"),
    "cms.SchedulerHeartbeat": _("welke server de planner leidt"),
    "cms.ScheduledJobRun": _("welke taak op welk moment liep"),
    "cms.FourEyesApprovalTask": _("een stap van de publicatieworkflow"),
    "content.NewsletterList": _("namen van nieuwsbrieflijsten"),
    "content.NewsletterSend": _("de verzonden nieuwsbrief zelf, gelijk voor iedereen"),
    "content.HandleidingDocument": _("documenten bij een handleiding"),
    "content.HandleidingPdf": _("de PDF van een handleiding"),
    "content.BekendProbleem": _("toegankelijkheidsproblemen van de site"),
    "kennisbank.PromotedArticle": _("redactionele keuze"),
    "kennisbank.RelatedArticle": _("redactionele keuze"),
    "kennisbank.ArticleTag": _("trefwoorden"),
    "kennisbank.SynonymGroup": _("zoeksynoniemen"),
    "kennisbank.ArticleViewDay": _("aantal weergaven per artikel per dag"),
    "loket.ReferenceCounter": _("teller voor kenmerken"),
    "loket.AanvraagTelling": _("aantal aanvragen per school"),
    "loket.LogboekControle": _("uitkomst van de ketencontrole, in aantallen"),
    "loket.Bewaartermijn": _("gekozen bewaartermijnen"),
    "loket.RetentieRun": _("wat een opruimronde deed, in aantallen en kenmerken"),
    "loket.PurgeRecord": _("welk nummer wanneer verwijderd werd, om na een restore te herhalen"),
    "loket.LoketSettings": _("instellingen van het loket"),
    "loket.InstemmingVereist": _("of een formulier instemming vraagt"),
    "loket.Medeondertekenaar": _("welke partijen een formulier laat tekenen"),
    "loket.TopBudget": _("budget per kalenderjaar"),
    "loket.Vergadering": _("datum en titel van een vergadering"),
}


def accounted_models():
    """``{model label: category key}`` of every model the register names."""
    result = {}
    for key, verwerking in verwerkingen.items():
        for label in verwerking.modellen:
            result[label] = key
    return result
