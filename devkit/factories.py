import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import ConsulentAssignment, Membership, Organisation, Role, SchoolType, User

PASSWORD = "een-goed-wachtwoord-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"gebruiker{n}@voorbeeld.example")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Gebruiker {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = Organisation.Kind.SWV
    name = factory.Sequence(lambda n: f"Organisatie {n}")


class BestuurFactory(OrganisationFactory):
    kind = Organisation.Kind.BESTUUR
    name = factory.Sequence(lambda n: f"Bestuur {n}")


class SchoolFactory(OrganisationFactory):
    kind = Organisation.Kind.SCHOOL
    school_type = SchoolType.BAO
    name = factory.Sequence(lambda n: f"School {n}")
    brin = factory.Sequence(lambda n: f"{n % 100:02d}X{chr(65 + n % 26)}00")
    licence_name = factory.LazyAttribute(lambda o: o.name)
    bestuur = factory.SubFactory(BestuurFactory)


class ExternFactory(OrganisationFactory):
    kind = Organisation.Kind.EXTERN
    name = factory.Sequence(lambda n: f"Extern {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.REDACTEUR


class ConsulentAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsulentAssignment

    school = factory.SubFactory(SchoolFactory)
    consulent = factory.SubFactory(UserFactory)


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory)
    name = "Authenticator-app"
    confirmed = True
