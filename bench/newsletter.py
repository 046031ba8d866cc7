"""Benchmark: send one newsletter issue to 10,000 subscribers through a local SMTP sink.

Run::

    DJANGO_SETTINGS_MODULE=cms.settings.test python -m bench.newsletter [--recipients N]
        [--batch-size N] [--tracemalloc]

It creates a throw-away test database (SQLite in memory, or PostgreSQL when
DATABASE_URL is set), an issue with a few blocks, one list with N active
subscribers, starts an aiosmtpd sink on 127.0.0.1 (free port) and then times
the two halves of a send: queueing (render once + one delivery row per
recipient) and delivering (the task's batches over SMTP). It reports mails per
second and peak memory: the process's peak resident set size (getrusage), and
with ``--tracemalloc`` the peak of Python allocations during the send (slower).
"""

import argparse
import os
import resource
import sys
import time
import tracemalloc


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    return connection.creation.create_test_db(verbosity=0, autoclobber=True)


def build_issue():
    from wagtail.rich_text import RichText

    from content.models import HomePage
    from content.nieuwsbrieven.models import NewsletterIndexPage, NewsletterPage

    home = HomePage.objects.get()
    archive = NewsletterIndexPage(title="Nieuwsbrieven", slug="nieuwsbrieven")
    home.add_child(instance=archive)
    issue = NewsletterPage(title="Benchmarknummer", slug="benchmark", intro="Samenvatting.")
    issue.body = [
        ("heading", {"text": "Ondersteuningsaanvragen", "level": "h2"}),
        ("paragraph", RichText("<p>" + "Tekst van de nieuwsbrief. " * 60 + "</p>")),
        ("button", {"label": "Lees meer", "page": archive, "url": ""}),
        ("page_link", {"page": archive, "label": "Archief", "description": "Eerdere nummers"}),
    ]
    archive.add_child(instance=issue)
    issue.save_revision().publish()
    issue.refresh_from_db()
    return issue


def add_subscribers(newsletter_list, count):
    from django.utils import timezone

    from content.nieuwsbrieven.models import Subscriber, Subscription, new_token

    now = timezone.now()
    Subscriber.objects.bulk_create(
        [
            Subscriber(email=f"lezer{i:05d}@bench.example", token=new_token(), created_at=now)
            for i in range(count)
        ],
        batch_size=2000,
    )
    Subscription.objects.bulk_create(
        [
            Subscription(
                subscriber_id=pk,
                newsletter_list=newsletter_list,
                status=Subscription.Status.ACTIVE,
                source=Subscription.Source.IMPORT,
                confirmed_at=now,
            )
            for pk in Subscriber.objects.values_list("pk", flat=True)
        ],
        batch_size=2000,
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument("--tracemalloc", action="store_true")
    parser.add_argument(
        "--sink-in-thread",
        action="store_true",
        help="run the SMTP sink in a thread of this process (shares the GIL; slower)",
    )
    args = parser.parse_args(argv)

    setup_django()
    from django.conf import settings
    from django.db import connection

    from bench.smtp_sink import ProcessSmtpSink, SmtpSink
    from content.nieuwsbrieven import delivery, sending
    from content.nieuwsbrieven.models import Delivery, NewsletterList

    issue = build_issue()
    newsletter_list = NewsletterList.objects.create(name="Bench")
    add_subscribers(newsletter_list, args.recipients)

    sink_class = (lambda: SmtpSink(keep=False)) if args.sink_in_thread else ProcessSmtpSink
    with sink_class() as sink:
        for key, value in sink.settings().items():
            setattr(settings, key, value)
        settings.NEWSLETTER_BATCH_SIZE = args.batch_size
        settings.NEWSLETTER_TASK_SECONDS = 3600
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        if args.tracemalloc:
            tracemalloc.start()
        started = time.perf_counter()
        send = sending.create_send(issue, [newsletter_list], user=None, start=False)
        queued = time.perf_counter()
        finished = delivery.deliver(send.pk)
        done = time.perf_counter()
        traced_peak = tracemalloc.get_traced_memory()[1] if args.tracemalloc else None
        if args.tracemalloc:
            tracemalloc.stop()
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        # Let the sink finish the last DATA before counting.
        deadline = time.time() + 10
        while sink.count < args.recipients and time.time() < deadline:
            time.sleep(0.05)
        received = sink.count
        received_bytes = sink.bytes if hasattr(sink, "bytes") else sink.handler.bytes

    sink_mode = "thread in this process" if args.sink_in_thread else "separate process"
    sent = Delivery.objects.filter(send=send, status=Delivery.Status.SENT).count()
    total = done - started
    print(f"database            {connection.vendor}")
    print(f"recipients          {args.recipients}")
    print(f"batch size          {args.batch_size}")
    print(f"SMTP sink           aiosmtpd on 127.0.0.1:{sink.port}, {sink_mode}")
    print(f"finished            {finished}")
    print(f"sent (deliveries)   {sent}")
    print(f"received by sink    {received} ({received_bytes / 1e6:.1f} MB)")
    print(f"queue time          {queued - started:.2f} s (render once + delivery rows)")
    print(f"deliver time        {done - queued:.2f} s")
    print(f"mails per second    {args.recipients / (done - queued):.0f} (delivery only)")
    print(f"mails per second    {args.recipients / total:.0f} (queue + delivery)")
    print(
        f"peak RSS            {rss_after / 1024:.1f} MiB (before the send: {rss_before / 1024:.1f})"
    )
    if traced_peak is not None:
        print(
            f"peak Python heap    {traced_peak / 1024 / 1024:.1f} MiB during the send (tracemalloc)"
        )
    ok = sent == received == args.recipients
    if not ok:
        print("MISMATCH: not every recipient got exactly one mail", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
