"""The demo does not age: run it in 2028 and the windows are those of 2028."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from accounts.models import User
from devkit.clients import login_verified


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_run_in_2028_has_an_open_top_form(client):
    moment = datetime.datetime(2028, 3, 15, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    with time_machine.travel(moment, tick=False):
        call_command("demo")
        login_verified(client, User.objects.get(email="ib@school-a.example"))

        top = client.get("/loket/aanvragen/nieuw/top-arrangement/")
        assert top.status_code == 200
        html = top.content.decode()
        assert "gesloten" not in html and "nog niet open" not in html
        assert "Beginnen" in html or "Stap 1" in html

        # TLV: requests for school year 2027-2028, open since 1 June 2027.
        tlv = client.get("/loket/aanvragen/nieuw/tlv/").content.decode()
        assert "gesloten" not in tlv and "schooljaar 2027-2028" in tlv

        # The besluit module closed on 1 July before this school year.
        besluit = client.get("/loket/aanvragen/nieuw/besluit-module/").content.decode()
        assert "gesloten sinds donderdag 1 juli 2027" in besluit
