"""HTTP benchmark: this project next to a bare Django view and a stock Wagtail page.

``make bench-http`` (or ``python -m bench http``) starts, all on 127.0.0.1 and each under
gunicorn (2 workers): a bare Django view rendering a ~10 KB template, the home page of a
stock ``wagtail start`` project (created in a temporary folder from the installed
Wagtail, SQLite; also its admin's user listing, as a superuser: Wagtail's own generic
listing with filters, the floor for any page inside the Wagtail admin such as the
inbox), and this project with production settings on PostgreSQL with the demo
data grown to the sizes of issue 16 (``bench.http_fill``: 10,000 articles, 1,000
aanvragen in Mijn loket, 100,000 in the inbox, 1,000,000 permission rows), once with
the anonymous page cache on and once with it off. It then measures
every target with ``wrk -t2 -c8`` in rounds, interleaved (every target once per round,
so each ratio compares neighbours in time), and prints medians: requests/s, p50, p99,
queries per request (Django test client, cache off) on the demo data and on the grown
data (they must be equal: no query per row), and the ratio to the bare view.

Options: ``--duration S`` per measurement (default 5), ``--rounds N`` (default 3),
``--database NAME`` (default ``swv_scale_bench``; created, migrated and filled with the
demo data if empty; the grown copy ``NAME_schaal`` is made once from it), ``--demo-only``
to measure on the demo data alone, ``--redis URL`` to use Redis as the cache. Every
server runs under ``timeout``, so nothing outlives the run even if it is killed.
"""

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG = "postgres://postgres@127.0.0.1:5432/"

BARE_APP = """
from django.conf import settings
from django.http import HttpResponse
from django.template import engines
from django.urls import path

settings.configure(
    DEBUG=False, SECRET_KEY="bench-" + "b" * 50, ALLOWED_HOSTS=["*"], ROOT_URLCONF=__name__,
    TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates",
                "DIRS": [__file__.rsplit("/", 1)[0]]}],
    MIDDLEWARE=["django.middleware.security.SecurityMiddleware",
                "django.middleware.common.CommonMiddleware"],
)
import django
django.setup()
from django.core.wsgi import get_wsgi_application

ROWS = [{"title": f"Onderwerp {i}", "text": "Passend onderwijs voor iedere leerling. " * 3}
        for i in range(60)]

def view(request):
    template = engines["django"].get_template("page.html")
    return HttpResponse(template.render({"rows": ROWS, "title": "Bare"}, request))

urlpatterns = [path("", view)]
application = get_wsgi_application()
"""
BARE_TEMPLATE = (
    "<!DOCTYPE html><html lang='nl'><head><title>{{ title }}</title></head><body><main>"
    "{% for row in rows %}<section><h2>{{ row.title }}</h2><p>{{ row.text }}</p></section>"
    "{% endfor %}</main></body></html>"
)
STOCK_SETTINGS = """
from stock.settings.base import *  # noqa
DEBUG = False
SECRET_KEY = "bench-" + "s" * 50
ALLOWED_HOSTS = ["*"]
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd, env=None, cwd=ROOT, **kwargs):
    return subprocess.run(cmd, env=env, cwd=cwd, check=True, **kwargs)


def project_env(args, tmp, cache_seconds):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DJANGO_SECRET_KEY": "bench-" + "p" * 50,
        "LOGBOEK_HMAC_KEY": "l" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
        "DATABASE_URL": PG + args.database,
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(args.static_root),
        "MEDIA_ROOT": str(args.data_root / "media"),
        "PRIVATE_STORAGE_ROOT": str(args.data_root / "private"),
        # One cache per database: derived figures kept while counting queries on the
        # demo data must not be served by the servers that run on the grown copy.
        "CACHE_DIR": str(tmp / f"cache-{args.database}-{cache_seconds}"),
        "PAGE_CACHE_SECONDS": str(cache_seconds),
        "REDIS_URL": args.redis or "",
        "CACHE_KEY_PREFIX": f"swv-bench-{args.database}-{cache_seconds}-{os.getpid()}",
        "LOG_LEVEL": "WARNING",
        # Every request comes from 127.0.0.1: measure the pages, not the per-IP limiter
        # (120 searches a minute would turn the search figures into 429 answers).
        "RATE_LIMIT_SEARCH_IP": "0/60",
        "RATE_LIMIT_FEEDBACK_IP": "0/60",
    }


def ensure_database(name, template=None):
    """Create the PostgreSQL database ``name`` (as a copy of ``template``) if missing."""
    import psycopg

    with psycopg.connect(PG + "postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            copy = f' TEMPLATE "{template}"' if template else ""
            conn.execute(f'CREATE DATABASE "{name}"{copy}')


def prepare_project(args):
    import psycopg

    ensure_database(args.database)
    env = {**project_env(args, args.data_root, 0), "DJANGO_SETTINGS_MODULE": "cms.settings.dev"}
    manage = [sys.executable, "manage.py"]
    run([*manage, "migrate", "-v0"], env=env)
    with psycopg.connect(PG + args.database) as conn:
        demo_done = conn.execute("SELECT count(*) FROM accounts_user").fetchone()[0] > 0
    if not demo_done:
        run([*manage, "demo"], env=env, stdout=subprocess.DEVNULL)
    if not (args.static_root / "staticfiles.json").exists():
        prod = project_env(args, args.data_root, 0)
        run([*manage, "collectstatic", "--noinput", "-v0"], env=prod)


def prepare_scale(args):
    """``NAME_schaal``: a copy of the demo database, grown by ``bench.http_fill``."""
    big = f"{args.database}_schaal"
    ensure_database(big, template=args.database)
    env = project_env(args, args.data_root, 0)
    env["DATABASE_URL"] = PG + big
    run([sys.executable, "manage.py", "migrate", "-v0"], env=env)
    run([sys.executable, "-m", "bench.http_fill"], env=env)
    return big


def prepare_stock(tmp):
    stock = tmp / "stock"
    stock.mkdir()
    run([str(BIN / "wagtail"), "start", "stock", str(stock)], stdout=subprocess.DEVNULL)
    (stock / "bench_settings.py").write_text(STOCK_SETTINGS)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench_settings"}
    run([sys.executable, "manage.py", "migrate", "-v0"], env=env, cwd=stock)
    return stock


# A superuser of the stock project and a logged-in session for it, printed as a cookie.
STOCK_SESSION = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.conf import settings
user = get_user_model().objects.create_superuser("bench", "bench@stock.example", None)
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.save()
print(f"{settings.SESSION_COOKIE_NAME}={session.session_key}")
"""


def stock_admin_cookie(stock):
    """A session of a superuser of the stock project: its admin listing is measured as
    the floor of any page inside the Wagtail admin (``stock Wagtail admin``)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench_settings"}
    cmd = [sys.executable, "manage.py", "shell", "--no-imports", "-c", STOCK_SESSION]
    return run(cmd, env=env, cwd=stock, capture_output=True, text=True).stdout.strip()


def start(name, wsgi, cwd, env, port, lifetime):
    cmd = [
        "timeout",
        str(lifetime),
        str(BIN / "gunicorn"),
        wsgi,
        "--workers",
        "2",
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        # gunicorn 27 opens one control socket per user by default: four servers at
        # once would fight over it.
        "--no-control-socket",
    ]
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"{name} did not start on port {port}")


# wrk script: every request searches two random words of the list (seeded per thread).
NEW_QUERY_LUA = """
local words = {%s}
local threads = 0
function setup(thread) threads = threads + 1; thread:set("id", threads) end
function init(args) math.randomseed(os.time() * 1000 + id) end
function request()
  local q = words[math.random(#words)] .. "+" .. words[math.random(#words)]
  return wrk.format(nil, "/zoeken/?q=" .. q)
end
"""


def wrk(url, duration, cookie="", script=None):
    # --timeout 30s: wrk's default of 2 s drops every answer of a slow page on a busy
    # machine (the inbox then showed 0 req/s), instead of counting it as slow.
    cmd = ["wrk", "-t2", "-c8", f"-d{duration}s", "--timeout", "30s", "--latency"]
    cmd += ["-H", "X-Forwarded-Proto: https"]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    if script:
        cmd += ["-s", str(script)]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    timeouts = re.search(r"timeout (\d+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return {
        "rps": rps,
        "p50": to_ms(re.search(r"50%\s+([\d.]+\w+)", out).group(1)),
        "p99": to_ms(re.search(r"99%\s+([\d.]+\w+)", out).group(1)),
        "errors": (int(non2xx.group(1)) if non2xx else 0)
        + (int(timeouts.group(1)) if timeouts else 0),
    }


def to_ms(value):
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database", default="swv_scale_bench")
    parser.add_argument("--redis", default="")
    parser.add_argument("--demo-only", action="store_true")
    parser.add_argument(
        "--only",
        default="",
        help="measure only these targets (comma-separated; bare, stock, stock admin always)",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk ontbreekt: apt-get install wrk")
    args.data_root = Path(tempfile.gettempdir()) / f"swv-bench-{args.database}"
    args.static_root = args.data_root / "static"
    tmp = Path(tempfile.mkdtemp(prefix="swv-bench-http-"))
    procs = []
    try:
        print("voorbereiden: database, demo-data, statische bestanden, stock Wagtail ...")
        prepare_project(args)
        bare = tmp / "bare"
        bare.mkdir()
        (bare / "bareproj.py").write_text(BARE_APP)
        (bare / "page.html").write_text(BARE_TEMPLATE)
        stock = prepare_stock(tmp)
        stock_cookie = stock_admin_cookie(stock)

        targets = [sys.executable, "-m", "bench.http_targets"]
        small = project_env(args, tmp, 0)
        demo_rows = json.loads(run(targets, env=small, capture_output=True).stdout)
        if not args.demo_only:
            print("groeien: 10.000 artikelen, 100.000 aanvragen, 1.000.000 objectrechten ...")
            args.database = prepare_scale(args)
        rows = json.loads(run(targets, env=project_env(args, tmp, 0), capture_output=True).stdout)
        for row, demo_row in zip(rows, demo_rows, strict=True):
            row["demo_queries"] = demo_row["queries"]
        if args.only:
            wanted = {name.strip() for name in args.only.split(",")}
            unknown = wanted - {row["name"] for row in rows}
            if unknown:
                known = ", ".join(row["name"] for row in rows)
                raise SystemExit(
                    f"onbekende doelen: {', '.join(sorted(unknown))} (kies uit: {known})"
                )
            rows = [row for row in rows if row["name"] in wanted]

        n_targets = 3 + len(rows) + sum(r["kind"] == "public" for r in rows)
        lifetime = 120 + args.rounds * n_targets * (args.duration + 2)
        ports = {k: free_port() for k in ("bare", "stock", "cached", "uncached")}
        procs.append(start("bare", "bareproj", bare, dict(os.environ), ports["bare"], lifetime))
        stock_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench_settings"}
        procs.append(start("stock", "stock.wsgi", stock, stock_env, ports["stock"], lifetime))
        for key, seconds in (("cached", 600), ("uncached", 0)):
            env = project_env(args, tmp, seconds)
            procs.append(start(key, "cms.wsgi", ROOT, env, ports[key], lifetime))

        plan = [
            ("bare view", ports["bare"], "/", "", None),
            ("stock Wagtail", ports["stock"], "/", "", None),
            # Wagtail's own generic listing (IndexView with filters), as the inbox is.
            ("stock Wagtail admin", ports["stock"], "/admin/users/", stock_cookie, None),
        ]
        scripts = {}
        for row in rows:
            if row["kind"] == "public":
                plan.append((f"{row['name']} (cache)", ports["cached"], row["url"], "", row))
            label = row["name"] + (" (geen cache)" if row["kind"] == "public" else "")
            plan.append((label, ports["uncached"], row["url"], row["cookie"], row))
            if row.get("words"):
                scripts[label] = tmp / "new-query.lua"
                quoted = ", ".join(f'"{word}"' for word in row["words"])
                scripts[label].write_text(NEW_QUERY_LUA % quoted)
        for label, port, url, cookie, _ in plan:  # warm up every worker
            wrk(f"http://127.0.0.1:{port}{url}", 1, cookie, scripts.get(label))
        results = {label: [] for label, *_ in plan}
        for _ in range(args.rounds):
            for label, port, url, cookie, _ in plan:
                url = f"http://127.0.0.1:{port}{url}"
                results[label].append(wrk(url, args.duration, cookie, scripts.get(label)))
        report(plan, results)
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)


def report(plan, results):
    med = {
        label: {k: statistics.median(r[k] for r in runs) for k in ("rps", "p50", "p99", "errors")}
        for label, runs in results.items()
    }
    bare = med["bare view"]["rps"] or float("nan")
    stock = med["stock Wagtail"]["rps"] or float("nan")
    print(
        f"\n{'doel':<28} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'queries':>9}"
        f" {'× bare':>7} {'× stock':>8} {'fouten':>6}"
    )
    for label, _port, _url, _cookie, row in plan:
        m = med[label]
        queries = ""  # on the demo data / on the grown data
        if row is not None and "(cache)" not in label:
            queries = f"{row['demo_queries']}/{row['queries']}"
        print(
            f"{label:<28} {m['rps']:>8.0f} {m['p50']:>8.1f} {m['p99']:>8.1f} {queries:>9}"
            f" {m['rps'] / bare:>7.3f} {m['rps'] / stock:>8.2f} {m['errors']:>6.0f}"
        )


if __name__ == "__main__":
    main()
