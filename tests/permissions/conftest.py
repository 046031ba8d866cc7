from tests.loket.conftest import _private_storage, loket_users  # noqa: F401
