import pytest

from accounts.models import ConsulentAssignment
from devkit.clients import login_verified
from tests.forms.conftest import demo_forms, form_index  # noqa: F401  (real form pages)


@pytest.fixture(autouse=True)
def _private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }


@pytest.fixture
def loket_users(users, school_a, make_user):
    """The standard users, with the consulent assigned to school A only."""
    ConsulentAssignment.objects.create(school=school_a, consulent=users["consulent"])
    return users


@pytest.fixture
def school_client(client, loket_users):
    """A verified client of school A's schoolgebruiker."""
    return login_verified(client, loket_users["school_a"])
