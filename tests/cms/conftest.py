"""Fixtures of the cms tests."""

from tests.redis_server import redis_process  # noqa: F401 - a fixture for the tests here
