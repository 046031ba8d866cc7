# The logboek's chain hash becomes an HMAC with LOGBOEK_HMAC_KEY (loket.models.logboek,
# canonical v2). Chosen: re-key the existing chains here, once, instead of a version per
# line. With versions side by side, someone with database access could rewrite a line
# as an "old" v1 line and recompute plain hashes, and it would verify; after this
# migration every line must carry an HMAC, so that downgrade is caught.
#
# A line is re-keyed only if its v1 hash still matches what it holds; its link to the
# line before it follows the new hash of that line. A line that was already changed
# keeps its stale hash and stays reported ("regel gewijzigd"); a missing line stays a
# gap. The trigger forbids UPDATE, so it is switched off for this transaction only
# (migrations run as the owner of the table); reversing re-hashes back to v1.

from django.db import migrations

TRIGGER = "loket_logentry_append_only"


def _rehash(apps, schema_editor, old_hash, new_hash):
    LogEntry = apps.get_model("loket", "LogEntry")
    LogboekKeten = apps.get_model("loket", "LogboekKeten")
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute(f"ALTER TABLE loket_logentry DISABLE TRIGGER {TRIGGER}")
    renamed = {}
    changed = []
    for line in LogEntry.objects.exclude(chain="").order_by("chain", "seq", "pk").iterator():
        if old_hash(line) != line.hash:
            continue
        if line.prev_hash in renamed:
            line.prev_hash = renamed[line.prev_hash]
        renamed[line.hash] = line.hash = new_hash(line)
        changed.append(line)
        if len(changed) >= 1000:
            LogEntry.objects.bulk_update(changed, ["prev_hash", "hash"])
            changed = []
    LogEntry.objects.bulk_update(changed, ["prev_hash", "hash"])
    for head in LogboekKeten.objects.exclude(head_hash=""):
        if head.head_hash in renamed:
            head.head_hash = renamed[head.head_hash]
            head.save(update_fields=["head_hash"])
    if postgres:
        schema_editor.execute(f"ALTER TABLE loket_logentry ENABLE TRIGGER {TRIGGER}")


def to_hmac(apps, schema_editor):
    from loket.models.logboek import line_hash, plain_line_hash_v1

    _rehash(apps, schema_editor, plain_line_hash_v1, line_hash)


def to_plain(apps, schema_editor):
    from loket.models.logboek import line_hash, plain_line_hash_v1

    _rehash(apps, schema_editor, line_hash, plain_line_hash_v1)


class Migration(migrations.Migration):
    dependencies = [
        ("loket", "0036_avg_stappen_bewaartermijn"),
    ]

    operations = [migrations.RunPython(to_hmac, to_plain)]
