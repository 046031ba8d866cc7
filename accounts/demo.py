"""Demo organisations and one account per role (fictional people and addresses)."""

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import ConsulentAssignment, Membership, Organisation, Role, SchoolType, User
from .roles import ensure_role_groups

DEMO_PASSWORD = "demo-wachtwoord"

BESTUREN = [
    ("Stichting Primair Onderwijs De Linde", "bestuur@delinde.example"),
    ("Stichting Voortgezet Onderwijs Rivierenland", "bestuur@rivierenland.example"),
]

# name, BRIN, licentienaam, bestuur index, schooltype: three BAO schools and one VSO
# school, so the demo shows a form that only (V)SO schools may start (TLV-verlenging).
SCHOOLS = [
    ("Basisschool De Regenboog", "99AA00", "De Regenboog (school A)", 0, SchoolType.BAO),
    ("Basisschool Het Kompas", "99BB00", "Het Kompas (school B)", 0, SchoolType.BAO),
    ("OBS De Vlinder", "99CC00", "OBS De Vlinder", 0, SchoolType.BAO),
    ("Vonk College", "99DD00", "Vonk College", 1, SchoolType.VSO),
]

# e-mail, first name, last name, organisation key, role
ACCOUNTS = [
    ("ib@school-a.example", "Anouk", "de Vries", "school-a", Role.SCHOOLGEBRUIKER),
    ("ib@school-b.example", "Bram", "Jansen", "school-b", Role.SCHOOLGEBRUIKER),
    ("ib@school-d.example", "Sanne", "Peters", "school-d", Role.SCHOOLGEBRUIKER),
    ("consulent@swv.example", "Carla", "Bakker", "swv", Role.CONSULENT),
    ("consulent2@swv.example", "Daan", "Visser", "swv", Role.CONSULENT),
    ("commissie@swv.example", "Eva", "Smit", "swv", Role.COMMISSIE),
    ("redacteur@swv.example", "Fatima", "El Amrani", "swv", Role.REDACTEUR),
    ("eindredacteur@swv.example", "Kees", "Hendriks", "swv", Role.EINDREDACTEUR),
    ("formulieren@swv.example", "Gijs", "Mulder", "swv", Role.FORMULIERBEHEERDER),
    ("beheerder@swv.example", "Hanna", "de Boer", "swv", Role.BEHEERDER),
    ("privacy@swv.example", "Lotte", "Kramer", "swv", Role.PRIVACY),
    ("extern@cleo.example", "Iris", "Meijer", "cleo", Role.EXTERNE),
    ("extern@jeugdteam.example", "Joris", "van Dijk", "jeugdteam", Role.EXTERNE),
]


def _fill_empty(organisation, **values):
    """An older demo database lacks what a newer demo sets (a schooltype, CLEO's
    licentienaam): fill those fields when they are still empty, so a second run, or a
    run on a database of an older version, ends as a fresh one. A value a beheerder
    chose since is left alone."""
    taken = Organisation.objects.exclude(pk=organisation.pk)
    changed = [
        field
        for field, value in values.items()
        if value
        and not getattr(organisation, field)
        # a licentienaam is unique (``accounts.organisations``): never take another's
        and not (field == "licence_name" and taken.filter(licence_name__iexact=value).exists())
    ]
    for field in changed:
        setattr(organisation, field, values[field])
    if changed:
        organisation.save(update_fields=changed)
    return organisation


def enrol(user):
    """Give a demo account a confirmed authenticator app, so the demo needs no
    activation mail; ``manage.py democode EMAIL`` prints its current code."""
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(user=user, name="Demo-app", confirmed=True)


@transaction.atomic
def run(stdout=None):
    ensure_role_groups()
    orgs = {}
    orgs["swv"], _ = Organisation.objects.get_or_create(
        kind=Organisation.Kind.SWV,
        name="Samenwerkingsverband Passend Onderwijs Waalkant",
        defaults={"email": "info@swv.example"},
    )
    besturen = []
    for name, email in BESTUREN:
        bestuur, _ = Organisation.objects.get_or_create(
            kind=Organisation.Kind.BESTUUR, name=name, defaults={"email": email}
        )
        besturen.append(bestuur)
    for index, (name, brin, licence, bestuur_index, school_type) in enumerate(SCHOOLS):
        school, _ = Organisation.objects.get_or_create(
            kind=Organisation.Kind.SCHOOL,
            brin=brin,
            defaults={
                "name": name,
                "licence_name": licence,
                "bestuur": besturen[bestuur_index],
                "school_type": school_type,
            },
        )
        _fill_empty(school, licence_name=licence, school_type=school_type)
        orgs[f"school-{'abcd'[index]}"] = school
    orgs["cleo"], _ = Organisation.objects.get_or_create(
        kind=Organisation.Kind.EXTERN,
        name="CLEO Centrum voor Leerlingondersteuning",
        # The licentienaam the transfer form names ("De licentienaam van CLEO is TOMVONK").
        defaults={"email": "info@cleo.example", "licence_name": "TOMVONK"},
    )
    _fill_empty(orgs["cleo"], licence_name="TOMVONK")
    orgs["jeugdteam"], _ = Organisation.objects.get_or_create(
        kind=Organisation.Kind.EXTERN, name="Jeugdteam Waalkant", defaults={}
    )

    users = {}
    for email, first, last, org_key, role in ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email, password=DEMO_PASSWORD, first_name=first, last_name=last
            )
        Membership.objects.get_or_create(organisation=orgs[org_key], user=user, role=role)
        enrol(user)
        users[email] = user

    # The consulent handles schools A and C; the second consulent schools B and D.
    for email, school_keys in [
        ("consulent@swv.example", ["school-a", "school-c"]),
        ("consulent2@swv.example", ["school-b", "school-d"]),
    ]:
        for key in school_keys:
            ConsulentAssignment.objects.get_or_create(school=orgs[key], consulent=users[email])
    return {"organisations": orgs, "users": users}
