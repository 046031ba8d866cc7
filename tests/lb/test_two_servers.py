"""Two web servers behind a real load balancer (tests/lb/servers.py): gunicorn twice
with the production settings, haproxy round robin in front, one PostgreSQL, Redis and
S3 between them, two schedulers beside them. What one server does, the other knows:

* a publish through one server purges the page cache of the other (one generation in
  the shared Redis, ``cms.caching.pages``);
* a login on one is valid on the other (sessions in the shared database), also when the
  balancer sends the requests of one visitor to both by turns;
* a document uploaded through one is downloaded through the other (the shared S3);
* the two schedulers start each job once per due moment (``cms.operations.scheduler``).

One test, so the servers start once: about 35 s in all here (2 busy cores), of which
15-35 s is four Django processes starting; the static files are collected once per
change (tests/lb/servers.py).
"""

import collections
import time
import uuid

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.utils.crypto import get_random_string
from django_tasks_db.models import DBTaskResult
from wagtail.documents import get_document_model
from wagtail.models import Collection, Page

from cms.caching.pages import HIT_HEADER
from cms.models import SchedulerHeartbeat
from content.models import StandardPage
from devkit import files
from devkit.factories import TOTPDeviceFactory, UserFactory
from tests.conftest import PASSWORD, ensure_site_tree, totp_now
from tests.database_url import database_url
from tests.redis_server import RedisProcess
from tests.s3 import s3_client

from .servers import Client, Farm, production_env

# serialized_rollback: the flush at the end must not take the Wagtail tree from later tests.
pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.slow,
    pytest.mark.lb,
]


@pytest.fixture
def redis_server():
    redis = RedisProcess()
    redis.start()
    yield redis
    redis.stop()


@pytest.fixture
def farm(tmp_path, redis_server, s3_endpoint):
    buckets = (f"media-{uuid.uuid4().hex[:8]}", f"private-{uuid.uuid4().hex[:8]}")
    for bucket in buckets:
        s3_client(s3_endpoint).create_bucket(Bucket=bucket)
    env = production_env(
        database_url(), redis_server.url, s3_endpoint, buckets, f"swv-lb-{uuid.uuid4().hex[:8]}"
    )
    servers = Farm(tmp_path, env)
    try:
        servers.start()
        yield servers
    finally:
        servers.stop()


@pytest.fixture
def site():
    """A superuser (the production password hasher, a TOTP device) and a live page."""
    home = ensure_site_tree()
    page = home.add_child(instance=StandardPage(title="Werkwijze", slug="werkwijze"))
    page.save_revision().publish()
    user = UserFactory(email="beheer@swv.example", is_superuser=True, is_staff=True)
    # The servers hash as production does, not with the tests' fast MD5.
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, get_random_string(22), iterations=1000)
    user.save(update_fields=["password"])
    return page, user, TOTPDeviceFactory(user=user)


def log_in(client, user, device):
    response = client.post(
        "/account/inloggen/", {"username": user.email, "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status == 302, response.text[:2000]
    response = client.post("/account/tweestaps/", {"code": totp_now(device), "next": "/admin/"})
    assert response.status == 302 and response.headers["Location"] == "/admin/", response.text
    return client


def started_slots():
    """{job: Counter(slot: tasks started)} from the database task queue."""
    slots = collections.defaultdict(collections.Counter)
    tasks = DBTaskResult.objects.filter(task_path__endswith=".run_scheduled_command")
    for args_kwargs in tasks.values_list("args_kwargs", flat=True):
        slots[args_kwargs["args"][0]][args_kwargs["kwargs"]["slot"]] += 1
    return slots


def test_two_servers_behind_haproxy_share_cache_sessions_files_and_the_schedule(site, farm):
    page, user, device = site
    a, b = farm.client("a"), farm.client("b")

    # The balancer takes turns.
    served = [farm.client("lb").get("/health/").headers["X-Served-By"] for _ in range(4)]
    assert served in (["a", "b", "a", "b"], ["b", "a", "b", "a"])

    # --- a publish through A purges B's page cache ----------------------------------
    visitor_b = farm.client("b")
    assert visitor_b.get(page.url).headers[HIT_HEADER] == "miss"
    cached = visitor_b.get(page.url)
    assert cached.headers[HIT_HEADER] == "hit" and "Werkwijze" in cached.text
    draft = StandardPage.objects.get(pk=page.pk)
    draft.title = "Werkwijze 2027"
    draft.save_revision()  # a draft: the public page is unchanged until it is published
    assert "Werkwijze 2027" not in visitor_b.get(page.url).text

    log_in(a, user, device)
    publish = f"/admin/bulk/wagtailcore/page/publish/?id={page.pk}"
    assert a.get(publish).status == 200
    response = a.post(publish, {})
    assert response.status == 302, response.text[:2000]
    assert Page.objects.get(pk=page.pk).title == "Werkwijze 2027"
    fresh = visitor_b.get(page.url)
    assert fresh.headers[HIT_HEADER] == "miss" and "Werkwijze 2027" in fresh.text

    # --- the login on A is valid on B, and through the balancer on both -------------
    same_browser_on_b = Client(b.port, forwarded_https=True, cookies=a.cookies)
    dashboard = same_browser_on_b.get("/admin/")
    assert dashboard.status == 200 and "Dashboard" in dashboard.text
    through_lb = Client(farm.balancer_port, cookies=a.cookies)
    answers = [through_lb.get("/admin/") for _ in range(2)]
    assert [r.headers["X-Served-By"] for r in answers] in (["a", "b"], ["b", "a"])
    assert {r.status for r in answers} == {200}
    assert farm.client("b").get("/admin/").status == 302  # without the session: to the login

    # --- a document uploaded through A is downloaded through B ----------------------
    content = files.pdf_bytes(pad=2000)
    response = a.post_file(
        "/admin/documents/add/",
        {"title": "Jaarplan", "collection": Collection.get_first_root_node().pk, "tags": ""},
        "file",
        "jaarplan.pdf",
        content,
    )
    assert response.status == 302, response.text[:2000]
    document = get_document_model().objects.get(title="Jaarplan")
    download = same_browser_on_b.get(document.url)
    while download.status in (301, 302):
        location = download.headers["Location"]
        assert location.startswith("/"), location
        download = same_browser_on_b.get(location)
    assert download.status == 200 and download.body == content

    # --- two schedulers, each job once per due moment ---------------------------------
    deadline = time.monotonic() + 10
    while len(started_slots()["publish_scheduled"]) < 3 and time.monotonic() < deadline:
        time.sleep(0.2)
    farm.stop("planner-1", "planner-2")
    slots = started_slots()
    assert len(slots["publish_scheduled"]) >= 3, farm.log("planner-1") + farm.log("planner-2")
    for job, counts in slots.items():
        assert set(counts.values()) == {1}, f"{job} started twice in a slot: {counts}"
    leader = SchedulerHeartbeat.objects.get(pk=1).leader
    planners = ("planner-1", "planner-2")
    logs = {name: farm.log(name) for name in planners}
    assert sum("leidt nu" in log for log in logs.values()) == 1, logs
    assert sum("wacht als reserve" in log for log in logs.values()) >= 1, logs
    assert leader
