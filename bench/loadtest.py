"""Load test: locust, headless and bounded, against gunicorn with production settings.

``make loadtest`` (50 users for 60 s) or ``make loadtest-short`` (5 users for 15 s, for
CI), or ``python -m bench loadtest --users N --duration S``. Everything on 127.0.0.1:
prepares a PostgreSQL database with the demo data (``--database``, default
``swv_loadtest``; created, migrated and filled if empty, as ``bench.http`` does), gives
every simulated school user its own account (``bench.loadtest_setup``), starts gunicorn
(``--workers``, default 2) on a free port under ``timeout``, runs locust as a subprocess
with the scenario in ``bench/locustfile.py``, stops the server and prints per request
type: count, failures, requests/s, p50/p95/p99 in ms. Exits non-zero on any failed request.
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.http import BIN, ROOT, free_port, prepare_project, project_env


def start_server(env, port, workers, lifetime):
    cmd = [
        "timeout",
        str(lifetime),
        str(BIN / "gunicorn"),
        "cms.wsgi",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "120",  # a loaded 2-core machine is slow; a killed worker would be an error
        "--log-level",
        "warning",
        "--no-control-socket",
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"gunicorn startte niet op poort {port}")


def warm_up(port, urls, workers):
    """Load code, templates and caches in every worker before measuring."""
    for _ in range(workers * 2):
        for url in [*urls, "/zoeken/?q=archiveren", "/account/inloggen/"]:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{url}", timeout=300) as r:
                r.read()


def report(rows):
    print(
        f"\n{'verzoek':<24} {'aantal':>7} {'fouten':>7} {'req/s':>7}"
        f" {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}"
    )
    for row in rows:
        print(
            f"{row['name']:<24} {row['requests']:>7} {row['failures']:>7} {row['rps']:>7.1f}"
            f" {row['p50']:>7.0f} {row['p95']:>7.0f} {row['p99']:>7.0f}"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database", default="swv_loadtest")
    parser.add_argument("--redis", default="")
    args = parser.parse_args()
    args.data_root = Path(tempfile.gettempdir()) / f"swv-bench-{args.database}"
    args.static_root = args.data_root / "static"
    tmp = Path(tempfile.mkdtemp(prefix="swv-loadtest-"))
    server = None
    try:
        print("voorbereiden: database, demo-data, statische bestanden, accounts ...", flush=True)
        prepare_project(args)
        env = project_env(args, tmp, 600)  # the page cache on, as in production
        setup = subprocess.run(
            [sys.executable, "-m", "bench.loadtest_setup", str(args.users)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        data = tmp / "data.json"
        data.touch(mode=0o600)
        data.write_text(setup.stdout)

        port = free_port()
        server = start_server(env, port, args.workers, args.duration + 300)
        warm_up(port, json.loads(setup.stdout)["public"], args.workers)
        result = tmp / "result.json"
        locust = subprocess.run(
            [
                "timeout",
                str(args.duration + 120),
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
                "--run-time",
                f"{args.duration}s",
                "--stop-timeout",
                "30",
                "--host",
                f"http://127.0.0.1:{port}",
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env={**os.environ, "LOADTEST_DATA": str(data), "LOADTEST_RESULT": str(result)},
        )
        rows = json.loads(result.read_text()) if result.exists() else []
        report(rows)
        total = rows[-1] if rows else {"failures": 0, "requests": 0}
        failures = total["failures"]
        if failures or locust.returncode or not total["requests"]:
            print(f"MISLUKT: {failures} fouten, locust gaf {locust.returncode}")
            return 1
        print(f"\n{args.users} gebruikers, {args.duration} s: 0 fouten")
        return 0
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
