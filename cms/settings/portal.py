"""Settings of the portal's own apps: newsletters, uploads, rate limits, schedules.

Kept apart from ``base`` (Django, Wagtail and infrastructure) so each stays readable;
``base`` imports everything here at its end.
"""

from .environment import env, env_bool

# Portal settings
PORTAL_NAME = "SWV-portaal"

# The key of the logboek's hash chain (loket.models.logboek.line_hash): an HMAC, so
# database access alone cannot rewrite a line and recompute the chain. Dev and test
# use this fixed key; production must set its own (cms.settings.production).
DEV_LOGBOEK_HMAC_KEY = "dev-test-only-logboek-sleutel"
LOGBOEK_HMAC_KEY = env("LOGBOEK_HMAC_KEY", DEV_LOGBOEK_HMAC_KEY)

# Newsletters (content.nieuwsbrieven): recipients per batch (one SMTP connection
# and one claim each), seconds a task works before it re-enqueues itself, and
# after how many seconds a claimed batch of a crashed worker is released.
NEWSLETTER_BATCH_SIZE = int(env("NEWSLETTER_BATCH_SIZE", "200"))
NEWSLETTER_SENDING_GROUP = int(
    env("NEWSLETTER_SENDING_GROUP", "10")
)  # see content.nieuwsbrieven.sending
NEWSLETTER_TASK_SECONDS = int(env("NEWSLETTER_TASK_SECONDS", "120"))
NEWSLETTER_CLAIM_TIMEOUT = int(env("NEWSLETTER_CLAIM_TIMEOUT", str(15 * 60)))
NEWSLETTER_CONFIRM_DAYS = 7
NEWSLETTER_CONFIRM_THROTTLE = 600  # seconds: at most one unused confirmation mail per address
NEWSLETTER_FROM_EMAIL = env("NEWSLETTER_FROM_EMAIL", "")
# Bounces (content.nieuwsbrieven.bounces, README "Bounces"): issues go out with the envelope
# sender <local>+<token>@<domain> of this address (VERP; empty: the From address, no VERP),
# and ``nieuwsbrief_bounces`` reads the mailbox that address delivers to.
NEWSLETTER_BOUNCE_ADDRESS = env("NEWSLETTER_BOUNCE_ADDRESS", "")
NEWSLETTER_BOUNCE_MAILBOX = env("NEWSLETTER_BOUNCE_MAILBOX", "")  # maildir, imap, pop3 or empty
NEWSLETTER_BOUNCE_MAILDIR = env("NEWSLETTER_BOUNCE_MAILDIR", "")
NEWSLETTER_BOUNCE_HOST = env("NEWSLETTER_BOUNCE_HOST", "")
NEWSLETTER_BOUNCE_PORT = env("NEWSLETTER_BOUNCE_PORT", "")
NEWSLETTER_BOUNCE_USER = env("NEWSLETTER_BOUNCE_USER", "")
NEWSLETTER_BOUNCE_PASSWORD = env("NEWSLETTER_BOUNCE_PASSWORD", "")
NEWSLETTER_BOUNCE_SSL = env_bool("NEWSLETTER_BOUNCE_SSL", True)
# The certificate(s) to trust for the bounce mailbox instead of the system's (a PEM file).
NEWSLETTER_BOUNCE_CA_FILE = env("NEWSLETTER_BOUNCE_CA_FILE", "")
NEWSLETTER_BOUNCE_FOLDER = env("NEWSLETTER_BOUNCE_FOLDER", "INBOX")
NEWSLETTER_BOUNCE_ASIDE_FOLDER = env("NEWSLETTER_BOUNCE_ASIDE_FOLDER", "onbekend")
# Consecutive sends with a soft bounce before an address is suppressed (a hard one: at once).
NEWSLETTER_SOFT_BOUNCE_LIMIT = int(env("NEWSLETTER_SOFT_BOUNCE_LIMIT", "3"))
# Form engine: drafts untouched this many days are removed with their files
# (``manage.py cleanup_form_drafts``, run daily).
FORMS_DRAFT_RETENTION_DAYS = int(env("FORMS_DRAFT_RETENTION_DAYS", "30"))

# How long a finished AVG inzage export (loket.privacy.avg.export) may be downloaded, once.
AVG_EXPORT_DAYS = int(env("AVG_EXPORT_DAYS", "7"))

# The admin dashboard warns when a task has waited this long and no worker took any
# task in that time (cms.operations.worker; database queue only).
TASK_WORKER_STALE_MINUTES = int(env("TASK_WORKER_STALE_MINUTES", "10"))

# Scheduled jobs (cms.operations.scheduler, ``manage.py scheduler``): every N seconds or daily at
# a local time. One scheduler leads (a PostgreSQL advisory lock, a file lock on SQLite); more
# may run as hot standbys, each asking for the lead every SCHEDULER_POLL_SECONDS. The leader
# ticks every SCHEDULER_TICK_SECONDS (keep it below the shortest job interval).
SCHEDULER_TICK_SECONDS = float(env("SCHEDULER_TICK_SECONDS", "20"))
SCHEDULER_POLL_SECONDS = float(env("SCHEDULER_POLL_SECONDS", "10"))
SCHEDULED_JOBS = {
    "publish_scheduled": {"every": int(env("SCHEDULE_PUBLISH_SECONDS", "60"))},
    "expire_grants": {"at": env("SCHEDULE_EXPIRE_GRANTS_AT", "00:05")},
    "instemming_verlopen": {"at": env("SCHEDULE_INSTEMMING_AT", "00:10")},
    # Mede-ondertekening (issue 26): expire links, one reminder after the configured days.
    "ondertekening_herinneren": {"at": env("SCHEDULE_ONDERTEKENING_AT", "08:00")},
    # TLV terms (issue 25): one reminder per TLV before the re-request date.
    "tlv_herinneren": {"at": env("SCHEDULE_TLV_HERINNEREN_AT", "08:15")},
    # Evaluation of granted arrangements (issue 25): one reminder before, one when overdue.
    "evaluatie_herinneren": {"at": env("SCHEDULE_EVALUATIE_HERINNEREN_AT", "08:30")},
    # Retention (loket.privacy.retention.rules) also removes abandoned drafts, with the period the
    # beheerder set; ``cleanup_form_drafts`` stays available by hand. Hourly, so the
    # form engine's copy of a submitted aanvraag is gone within the hour.
    "bewaartermijnen": {"every": int(env("SCHEDULE_RETENTION_SECONDS", "3600"))},
    # AVG inzage exports are offered for AVG_EXPORT_DAYS; then their files go (hourly).
    "avg_exports_opruimen": {"every": int(env("SCHEDULE_AVG_EXPORTS_SECONDS", "3600"))},
    # Newsletter bounces: read the bounce mailbox (does nothing while none is configured).
    "nieuwsbrief_bounces": {"every": int(env("SCHEDULE_BOUNCES_SECONDS", "900"))},
    # The logboek's hash chains (loket.privacy.logboek_keten); /health/ shows the last run.
    "verify_logboek": {"at": env("SCHEDULE_VERIFY_LOGBOEK_AT", "03:30")},
    # The nightly encrypted backup into the ``backups`` storage, then its rotation.
    "backup": {"at": env("SCHEDULE_BACKUP_AT", "02:30")},
    # Files whose delete failed (S3 away, refused) are retried with backoff until gone
    # (cms.files.deletion); every five minutes picks up the rows that are due.
    "bestanden_verwijderen": {"every": int(env("SCHEDULE_FILE_DELETIONS_SECONDS", "300"))},
}

# /health/ (cms.operations.health): callers with this bearer token see which check failed.
HEALTH_TOKEN = env("HEALTH_TOKEN", "")
# Uploads (forms.uploads: one pipeline for form uploads and loket bijlagen).
# Ceilings: a form field's own limits (editor) never go above these.
UPLOAD_MAX_FILE_SIZE_MB = int(env("UPLOAD_MAX_FILE_SIZE_MB", "50"))
UPLOAD_MAX_FILES_PER_FIELD = int(env("UPLOAD_MAX_FILES_PER_FIELD", "20"))
UPLOAD_MAX_NAME_LENGTH = 200  # characters of the file name as the user gave it
# Loket uploads (aanvulling, terugkoppeling): per file and per action.
LOKET_UPLOAD_MAX_SIZE_MB = int(env("LOKET_UPLOAD_MAX_SIZE_MB", "20"))
LOKET_UPLOAD_MAX_FILES = int(env("LOKET_UPLOAD_MAX_FILES", "10"))
# Office packages (docx, xlsx, odt, ods): zip-bomb bounds.
UPLOAD_OFFICE_MAX_UNCOMPRESSED_MB = int(env("UPLOAD_OFFICE_MAX_UNCOMPRESSED_MB", "200"))
UPLOAD_OFFICE_MAX_RATIO = int(env("UPLOAD_OFFICE_MAX_RATIO", "100"))
UPLOAD_OFFICE_MAX_ENTRIES = 5000
UPLOAD_IMAGE_MAX_PIXELS = int(env("UPLOAD_IMAGE_MAX_PIXELS", str(60_000_000)))
# Optional virus scan through clamd (INSTREAM). Off unless a socket or host is set;
# when on and clamd does not answer, uploads are refused (fail closed).
CLAMD_SOCKET = env("CLAMD_SOCKET", "")
CLAMD_HOST = env("CLAMD_HOST", "")
CLAMD_PORT = int(env("CLAMD_PORT", "3310"))
CLAMD_TIMEOUT = int(env("CLAMD_TIMEOUT", "30"))
# Rate limits (cms.security.ratelimit) for public endpoints that cost something, as
# "count/seconds" per scope; "0/…" switches one off. Counted in the cache named by
# RATE_LIMIT_CACHE, so all processes share them. A school often shares one address,
# hence the generous per-IP numbers.
RATE_LIMIT_CACHE = env("RATE_LIMIT_CACHE", "default")
# Who the client is behind a load balancer (cms.security.client): the networks of the
# proxies whose X-Forwarded-For is believed, or else their number. Used by every rate
# limit and by django-axes (AXES_CLIENT_IP_CALLABLE in base.py).
TRUSTED_PROXY_NETWORKS = [n for n in env("TRUSTED_PROXY_NETWORKS", "").split(",") if n.strip()]
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", env("RATE_LIMIT_PROXY_COUNT", "0")))
RATE_LIMITS = {
    "newsletter_ip": env("RATE_LIMIT_NEWSLETTER_IP", "20/3600"),
    "newsletter_address": env("RATE_LIMIT_NEWSLETTER_ADDRESS", "5/3600"),
    # At most one confirmation mail queued per address per window.
    "newsletter_confirmation": f"1/{NEWSLETTER_CONFIRM_THROTTLE}",
    "feedback_ip": env("RATE_LIMIT_FEEDBACK_IP", "30/3600"),
    "search_ip": env("RATE_LIMIT_SEARCH_IP", "120/60"),
    # The parent's public instemming pages: per visitor and per link.
    "instemming_ip": env("RATE_LIMIT_INSTEMMING_IP", "60/600"),
    "instemming_link": env("RATE_LIMIT_INSTEMMING_LINK", "30/600"),
}

# Backup and restore (cms.operations.backup): ``manage.py restore`` runs this command afterwards,
# so a restored older backup does not bring back for long what retention had purged.
RETENTION_COMMAND = env("RETENTION_COMMAND", "bewaartermijnen")
# Encryption (cms.operations.backup.archive, age): the server encrypts to the public keys in
# BACKUP_AGE_RECIPIENTS ("age1...", comma-separated) and cannot read its own backups; the
# private key (BACKUP_AGE_IDENTITY, or a file in BACKUP_AGE_IDENTITY_FILE) is only needed to
# restore. Without a recipient production refuses to back up; dev and demo write a plain tar.
BACKUP_AGE_RECIPIENTS = [key for key in env("BACKUP_AGE_RECIPIENTS", "").split(",") if key.strip()]
BACKUP_AGE_IDENTITY = env("BACKUP_AGE_IDENTITY", "")
BACKUP_AGE_IDENTITY_FILE = env("BACKUP_AGE_IDENTITY_FILE", "")
# Rotation of the ``backups`` storage: the newest backup of each of the last N days and M weeks.
BACKUP_KEEP_DAILY = int(env("BACKUP_KEEP_DAILY", "7"))
BACKUP_KEEP_WEEKLY = int(env("BACKUP_KEEP_WEEKLY", "4"))
# Where the plaintext snapshot lives while it is packed or checked (owner-only, removed
# afterwards); empty: the system's temporary folder. Needs room for one whole backup.
BACKUP_WORK_DIR = env("BACKUP_WORK_DIR", "")

# The SAML service provider's key pair (federatie/saml_keys.py): paths to PEM files.
SAML_SP_KEY_FILE = env("SAML_SP_KEY_FILE", "")
SAML_SP_CERT_FILE = env("SAML_SP_CERT_FILE", "")
SAML_SP_GENERATE = False  # development makes a pair at first use; nowhere else
SAML_XMLSEC_BINARY = env("SAML_XMLSEC_BINARY", "/usr/bin/xmlsec1")  # Debian's xmlsec1
