"""The SAML 2.0 side of the school-account settings (Entree Federatie, any SAML IdP).

Imported by ``federatie.models`` so Django finds the models there. The portal is one
service provider (one entity id, one key pair, one metadata document) that trusts a
different IdP per organisation: Entree Federatie registers one SP for all its
schools, and a school with its own IdP registers the same metadata.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# Entree Federatie's and the SAML standard's classes for "more than a password".
DEFAULT_MFA_CLASSES = (
    "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract http://refeds.org/profile/mfa"
)


class SamlProvider(models.Model):
    """One organisation's SAML identity provider.

    The IdP's metadata is pasted (or uploaded) by the beheerder and stored: the
    portal never fetches it from a URL the beheerder typed, so a login cannot be
    made to reach into the server's own network (SSRF), and a changed IdP key is a
    deliberate change here, not whatever a URL serves today.
    """

    class MatchAttribute(models.TextChoices):
        MAIL = "mail", _("e-mailadres (mail)")
        UID = "uid", _("gebruikersnaam (uid), als die het e-mailadres is")
        EPPN = "eduPersonPrincipalName", _("eduPersonPrincipalName")
        # Entree Federatie's pseudonym (Edu-K): stable per person, never an address, so
        # it only works with ``link_only`` (clean() says so).
        ECKID = "eckId", _("ECK iD (eckId), alleen met zelf gekoppelde accounts")

    organisation = models.OneToOneField(
        "accounts.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.CASCADE,
        related_name="saml_provider",
    )
    is_active = models.BooleanField(
        _("actief"),
        default=True,
        help_text=_("Uit: de knop verdwijnt en niemand van deze organisatie logt zo in."),
    )
    entity_id = models.CharField(
        _("entity-id van de IdP"),
        max_length=300,
        help_text=_("Staat in de metadata als entityID, bijv. https://engine.entree.kennisnet.nl/"),
    )
    metadata_xml = models.TextField(
        _("metadata van de IdP (XML)"),
        help_text=_(
            "Plak hier de metadata die de IdP publiceert. Het portaal haalt die niet zelf "
            "op: verandert de IdP van sleutel, plak dan de nieuwe metadata."
        ),
    )
    match_attribute = models.CharField(
        _("attribuut dat de gebruiker aanwijst"),
        max_length=60,
        choices=MatchAttribute.choices,
        default=MatchAttribute.MAIL,
        help_text=_(
            "Bij de eerste aanmelding wordt de waarde vergeleken met het e-mailadres van een "
            "bestaand account van deze organisatie. Daarna herkent het portaal de gebruiker "
            "aan de IdP en de persistente NameID (of, zonder die, aan dit attribuut)."
        ),
    )
    link_only = models.BooleanField(
        _("alleen zelf gekoppelde accounts"),
        default=False,
        help_text=_(
            "Aan: het portaal zoekt bij de eerste aanmelding geen account bij het attribuut. "
            "Alleen wie ingelogd (wachtwoord en code) zelf het schoolaccount koppelde, komt "
            "zo binnen. Nodig als de IdP een versleutelde uid of een eckId doorgeeft (zoals "
            "Entree Federatie), want die is niet met een e-mailadres te vergelijken."
        ),
    )
    trust_idp_mfa = models.BooleanField(
        _("meerstapsverificatie van de IdP telt"),
        default=False,
        help_text=_(
            "Aan: meldt de IdP een van de klassen hieronder (AuthnContextClassRef), dan "
            "vraagt het portaal geen eigen code meer. Anders altijd de code uit de app."
        ),
    )
    mfa_classes = models.TextField(
        _("AuthnContextClassRef-waarden die meerstaps betekenen"),
        default=DEFAULT_MFA_CLASSES,
        blank=True,
        help_text=_("Gescheiden door spaties of regels."),
    )

    class Meta:
        verbose_name = _("SAML-IdP")
        verbose_name_plural = _("SAML-IdP's")
        # No uniqueness on entity_id: Entree Federatie is one IdP (a hub) for many
        # schools. Which organisation's rules apply follows from the school the user
        # chose, kept with the pending request; the response must answer that request.
        ordering = ["organisation__name"]

    def __str__(self):
        return str(self.organisation)

    # What ``federatie.linking`` reads, the same names as on OidcProvider.
    @property
    def match_claim(self):
        return self.match_attribute

    @property
    def issuer(self):
        return self.entity_id

    def mfa_class_values(self):
        return set(self.mfa_classes.split())

    def clean(self):
        super().clean()
        from .saml_metadata import MetadataProblem, check_idp_metadata

        self.entity_id = (self.entity_id or "").strip()
        if self.match_attribute == self.MatchAttribute.ECKID and not self.link_only:
            raise ValidationError(
                {
                    "link_only": _(
                        "Een eckId is geen e-mailadres: zet 'alleen zelf gekoppelde "
                        "accounts' aan, dan koppelen gebruikers hun schoolaccount zelf."
                    )
                }
            )
        try:
            check_idp_metadata(self.metadata_xml or "", self.entity_id)
        except MetadataProblem as problem:
            raise ValidationError({"metadata_xml": problem.message}) from problem


class SeenAssertion(models.Model):
    """An assertion id the portal accepted, kept until the assertion expires.

    In the database, not in a process's memory: a response replayed against another
    web server of the portal is refused there too. ``key`` is a hash of the IdP's
    entity id and the assertion id: two IdPs may use the same ids.
    """

    key = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("gebruikte SAML-assertion")

    def __str__(self):
        return f"{self.key[:12]}… (tot {self.expires_at:%d-%m-%Y %H:%M})"
