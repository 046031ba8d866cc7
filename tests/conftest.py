"""Shared fixtures: users per role and clients in every login state.

``verified_client`` logs in through Django's test client and marks the session
verified with a real confirmed TOTP device (django-otp's own session key); the
tests of the login flow itself go through the real pages with real TOTP codes.
"""

import pyotp
import pytest

from accounts.models import Organisation, Role
from accounts.roles import ensure_role_groups
from devkit.factories import (
    PASSWORD,
    ExternFactory,
    MembershipFactory,
    OrganisationFactory,
    SchoolFactory,
    UserFactory,
)
from tests.redis_server import redis_process  # noqa: F401 - a fixture for every test

# The local S3 server and storages (tests/s3.py), for every test folder that needs them.
from tests.s3 import s3_endpoint, s3_storages  # noqa: E402,F401 (fixtures)


def totp_now(device):
    """The current code of a django-otp TOTP device, computed independently with pyotp."""
    import base64

    secret = base64.b32encode(device.bin_key).decode()
    return pyotp.TOTP(secret, interval=device.step, digits=device.digits).now()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Set the content-type caches (Django's and django-guardian's) to what the
    database will hold when this test's fixtures run.

    A transactional test ends with a flush. The next one either restores the rows
    (``serialized_rollback``) or gets them back from the post-migrate signal under
    new ids. A cache that still remembers other ids made ``Page.add_root`` refuse
    "inhoudstype instance with id 1 is not a valid choice" (and guardian raise
    ``MixedContentTypeError`` on ``/inzage/``), depending on which tests a worker had
    run before. So the cache is emptied before every test, and for a test that
    restores the serialized rows it is filled with exactly those rows: while they
    are restored, a Wagtail ``Task`` built from its child table's row asks for its
    content type, and an empty cache would make it insert one under a new id, which
    the restored row then collides with (``UNIQUE constraint failed``).
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db import connections
    from guardian.shortcuts import clear_ct_cache

    ContentType.objects.clear_cache()
    clear_ct_cache()
    marker = item.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("serialized_rollback"):
        return
    for alias in connections:
        for content_type in _serialized_content_types(connections[alias]):
            ContentType.objects._add_to_cache(alias, content_type)


def _serialized_content_types(connection):
    """The content types in the copy of the test database that ``serialized_rollback``
    restores (read once per connection)."""
    import json

    from django.contrib.contenttypes.models import ContentType

    contents = getattr(connection, "_test_serialized_contents", None)
    if not contents:
        return []
    if getattr(connection, "_serialized_for", None) is not contents:
        connection._serialized_content_types = [
            ContentType(id=row["pk"], **row["fields"])
            for row in json.loads(contents)
            if row["model"] == "contenttypes.contenttype"
        ]
        connection._serialized_for = contents
    return connection._serialized_content_types


@pytest.fixture(autouse=True)
def _media_storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def role_groups(db):
    return ensure_role_groups()


@pytest.fixture
def swv(db):
    return OrganisationFactory(kind=Organisation.Kind.SWV, name="SWV Test")


@pytest.fixture
def school_a(db):
    return SchoolFactory(name="School A")


@pytest.fixture
def school_b(db):
    return SchoolFactory(name="School B")


@pytest.fixture
def cleo(db):
    return ExternFactory(name="CLEO")


@pytest.fixture
def make_user(db, role_groups, swv):
    def make(role, organisation=None, **kwargs):
        user = UserFactory(**kwargs)
        MembershipFactory(user=user, organisation=organisation or swv, role=role)
        return user

    return make


@pytest.fixture
def users(make_user, school_a, school_b, cleo):
    """One user per role; the two school users are of different schools."""
    return {
        "school_a": make_user(Role.SCHOOLGEBRUIKER, school_a, email="ib@a.example"),
        "school_b": make_user(Role.SCHOOLGEBRUIKER, school_b, email="ib@b.example"),
        "consulent": make_user(Role.CONSULENT, email="consulent@swv.example"),
        "commissie": make_user(Role.COMMISSIE, email="commissie@swv.example"),
        "redacteur": make_user(Role.REDACTEUR, email="redacteur@swv.example"),
        "eindredacteur": make_user(Role.EINDREDACTEUR, email="eindredacteur@swv.example"),
        "formulierbeheerder": make_user(Role.FORMULIERBEHEERDER, email="forms@swv.example"),
        "beheerder": make_user(Role.BEHEERDER, email="beheerder@swv.example"),
        "externe": make_user(Role.EXTERNE, cleo, email="extern@cleo.example"),
    }


@pytest.fixture
def password():
    return PASSWORD


def ensure_site_tree():
    """Recreate what migrations put in the database (Wagtail root, home page, site,
    root collection).

    A transactional test flushes the database when it ends; ``serialized_rollback``
    should restore it but does not in every ordering under xdist, so tests that
    build pages after such a test call this first.
    """
    from wagtail.models import Collection, Locale, Page, Site

    from content.models import HomePage

    # Wagtail's root collection (a migration's row too): documents and images need it.
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    home = HomePage.objects.first()
    if home is not None:
        return home
    # The rows were not restored, so the content types were made again under new
    # ids: what the cache remembers (pytest_runtest_setup) is not what is there.
    from django.contrib.contenttypes.models import ContentType
    from guardian.shortcuts import clear_ct_cache

    ContentType.objects.clear_cache()
    clear_ct_cache()
    Locale.objects.get_or_create(language_code="nl")
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    home = root.add_child(instance=HomePage(title="Welkom bij het SWV-portaal", slug="home"))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home},
    )
    return home


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate limits count in the cache, which outlives a test: every test starts at zero."""
    from django.conf import settings
    from django.core.cache import caches

    caches[settings.RATE_LIMIT_CACHE].clear()


@pytest.fixture
def derived_cache_on(settings):
    """``DERIVED_CACHE_SECONDS`` on (the test settings turn it off) with an empty cache:
    what ``cms.caching.pages.remember`` keeps, from the first request of the test on."""
    from django.core.cache import caches

    settings.DERIVED_CACHE_SECONDS = 600
    caches["default"].clear()
    yield settings
    caches["default"].clear()


def _database_group(item):
    """pytest-django's order of a test: 0 uses the database in a transaction, 1 is
    transactional (flushes), 2 needs no database."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    if (marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))) or {
        "transactional_db",
        "live_server",
    } & set(fixtures):
        return 1
    if marker or "db" in fixtures:
        return 0
    return 2


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Start the slow tests first, so that the two workers (``-n 2``) end together.

    pytest-django runs database tests, then transactional ones, then the rest; xdist
    hands them out in that order. With the minute-long browser and demo tests at the
    end of their group, one worker ran the last of them alone for minutes while the
    other idled. Each keeps its group (a transactional test's flush still comes after
    the database tests of its worker), but starts it: a slow test that needs no
    database goes first of all.
    """

    def key(item):
        group = _database_group(item)
        slow = item.get_closest_marker("slow") is not None
        if slow and group == 2:
            return (-1, 0)
        return (group, 0 if slow else 1)

    items.sort(key=key)
