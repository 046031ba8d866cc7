"""Scheduled jobs run by themselves: the scheduler enqueues them, the worker runs them."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils import timezone

from cms.operations import scheduler
from content.models import StandardPage
from tests.conftest import ensure_site_tree

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def scheduled_page():
    home = ensure_site_tree()
    page = StandardPage(title="Nieuw beleid", slug="nieuw-beleid", live=False)
    home.add_child(instance=page)
    page.go_live_at = timezone.now() + timedelta(minutes=5)
    page.save_revision().publish()
    page.refresh_from_db()
    assert not page.live  # scheduled, not yet published
    return page


def test_scheduler_publishes_a_scheduled_page_by_itself(client):
    page = scheduled_page()
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        started = scheduler.tick()
    assert "publish_scheduled" in started
    page.refresh_from_db()
    assert page.live
    assert client.get(page.url).status_code == 200


def test_the_command_runs_one_round(capsys):
    call_command("scheduler", "--once")
    assert "gestart: publish_scheduled" in capsys.readouterr().out


def test_a_daily_job_fires_once_after_its_time(settings):
    settings.SCHEDULED_JOBS = {"expire_grants": {"at": "00:05"}}
    day = timezone.make_aware(timezone.datetime(2026, 3, 2, 0, 0))
    assert scheduler.tick(day) == []
    assert scheduler.tick(day + timedelta(minutes=10)) == ["expire_grants"]
    assert scheduler.tick(day + timedelta(hours=5)) == []  # claimed for today
    assert scheduler.tick(day + timedelta(days=1, minutes=6)) == ["expire_grants"]


def test_unknown_jobs_fail_loudly(settings):
    settings.SCHEDULED_JOBS = {"rm_rf": {"every": 60}}
    with pytest.raises(ImproperlyConfigured, match="rm_rf"):
        scheduler.tick()
