"""Settings shared by every environment.

Everything secret or site-specific comes from the environment (see ``env``); the
environment-specific modules (dev, test, production) only change defaults.
"""

from pathlib import Path

import dj_database_url
from botocore.config import Config as S3Config
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


from .environment import env, env_bool, env_list  # noqa: E402

SECRET_KEY = env("DJANGO_SECRET_KEY", "")
DEBUG = False
IS_PRODUCTION = False  # production.py sets True; demo commands refuse to run there
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Our apps first so their templates override Wagtail's and Django's.
    "accounts",
    "permissions",
    "cms",
    "content",
    "kennisbank",
    "forms",
    "loket",
    "federatie",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "accounts.users_app.AccountsUsersConfig",  # wagtail.users with our user forms
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "guardian",
    "formtools",
    "import_export",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cms.security.middleware.DropBadCookiesMiddleware",
    # Before sessions and auth: a cached anonymous page skips them (cms.caching.pages).
    "cms.caching.pages.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.RequireVerifiedMiddleware",
    "accounts.middleware.PrivateCacheControlMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cms.security.middleware.PortalCSPMiddleware",
    # NUL and other control characters: a Dutch 400 before any view sees them.
    "cms.security.middleware.InputCheckMiddleware",
    # S3 away: a Dutch 503 for a view that needed a file (cms.files.storage).
    "cms.security.middleware.StorageOutageMiddleware",
    # The Site and its settings from the cache, for one page-cache generation.
    "cms.caching.sitewide.SiteFromCacheMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Axes last, as its documentation asks: it turns lockouts into responses.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: DATABASE_URL picks (PostgreSQL in production and CI); SQLite is the
# zero-set-up default for the demo.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web process, the task worker and a management command write at once in the
    # demo. SQLite's advice for concurrent writers: WAL (readers never block the
    # writer), a busy timeout (wait for the lock instead of failing), and BEGIN
    # IMMEDIATE (take the write lock up front, so no transaction fails on upgrade).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 60,  # seconds; a demo transaction on a busy 2-core machine took >20
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

# Cache: Redis when REDIS_URL is set (needed as soon as there is more than one web
# server: the page cache's purge must reach all of them); otherwise files in one
# folder, which every process on this machine (web workers, task worker) shares.
REDIS_URL = env("REDIS_URL", "")
CACHE_KEY_PREFIX = env("CACHE_KEY_PREFIX", "swv")
if REDIS_URL:
    # Without Redis the site goes on uncached (cms.caching.backend); the short socket
    # time-outs bound how long a request waits for a Redis that does not answer.
    REDIS_TIMEOUT = float(env("REDIS_TIMEOUT", "0.5"))
    CACHES = {
        "default": {
            "BACKEND": "cms.caching.backend.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT,
                "socket_timeout": REDIS_TIMEOUT,
                "RETRY_SECONDS": float(env("REDIS_RETRY_SECONDS", "5")),
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env("CACHE_DIR", str(BASE_DIR / ".cache")),
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
# Anonymous page cache (cms.caching.pages): seconds a public page may be served from the
# cache at most; publishing purges earlier. 0 turns it off.
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "600"))
# The query parameters public pages read (pagination, the kennisbank's search): a URL
# with any other parameter is rendered and not stored, so that made-up parameters
# cannot fill the cache with copies of a page.
PAGE_CACHE_QUERY_PARAMS = env_list("PAGE_CACHE_QUERY_PARAMS", "pagina,q,doelgroep")
# Figures derived from all published content (popular articles, counts per category):
# kept this long, and recomputed at once after a publish (cms.caching.pages.remember).
DERIVED_CACHE_SECONDS = int(env("DERIVED_CACHE_SECONDS", "600"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out username before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2  # a reset link is valid for two hours

# Sessions: at most eight hours, gone when the browser closes.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# A refused form gets the portal's Dutch page (templates/403_csrf.html), not Django's English one.
CSRF_FAILURE_VIEW = "cms.views.csrf_failure"

# Two-factor login (django-otp).
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", "SWV-portaal")
OTP_TOTP_THROTTLE_FACTOR = 1  # 1 s, 2 s, 4 s, ... after consecutive failures
BACKUP_CODE_COUNT = 10
# Activation links (new accounts, after a 2FA reset): valid this long, and a user
# may ask for a new one at most once per period.
ACCOUNT_ACTIVATION_HOURS = 72
ACCOUNT_ACTIVATION_RESEND_MINUTES = 15
# Beheerders never set passwords: a new account sets its own through the link.
WAGTAILUSERS_PASSWORD_ENABLED = False
# URLs an authenticated but not yet verified session may still reach. The house
# style (/thema.css) is among them: the login and two-factor pages load it, and it
# holds nothing but the site's colours.
TWO_FACTOR_EXEMPT_URL_NAMES = [
    "theme_css",
    "accounts:login",
    "accounts:logout",
    "accounts:two_factor",
    "accounts:activate",
    "accounts:activate_app",
    "accounts:activation_resend",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
]

# django-axes: lock a username after repeated failed passwords, whether or not
# the e-mail exists, so a lockout tells an attacker nothing. A second lock on
# IP address + browser stops one client spraying many usernames; the IP alone
# is not used, because a whole school often shares one address.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(env("AXES_COOLOFF_HOURS", "0.5"))  # hours
AXES_LOCKOUT_PARAMETERS = ["username", ["ip_address", "user_agent"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "account/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False  # no personal data in extra tables
AXES_VERBOSE = False
# The client's address as every rate limit sees it (trusted proxies, cms.security.client).
AXES_CLIENT_IP_CALLABLE = "cms.security.client.client_ip"

# django-guardian: no anonymous user row; grants are for real accounts only.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands"))]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "static_collected")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Private files (loket attachments) live outside MEDIA_ROOT and are only ever
# served by a view that checks permissions.
PRIVATE_STORAGE_ROOT = Path(env("PRIVATE_STORAGE_ROOT", str(BASE_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_STORAGE_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Mail: the environment decides; dev defaults to the console.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "SWV-portaal <noreply@swv-portaal.example>")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Background work: the Django Tasks API, database backend by default. With
# TASKS_BACKEND=django_tasks_rq.RQBackend the queue lives in Redis (RQ_REDIS_URL, else
# REDIS_URL) and ``manage.py rqworker default`` is the worker.
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
if TASKS["default"]["BACKEND"].startswith("django_tasks_rq"):
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {
        "default": {"URL": env("RQ_REDIS_URL", env("REDIS_URL", "redis://127.0.0.1:6379/0"))}
    }

# S3-compatible object storage (django-storages) instead of folders, per storage:
# S3_BUCKET for public media (plain URLs), S3_PRIVATE_BUCKET for private files, which
# stay behind the checking views (they stream the object; the bucket is never public).
_S3 = {
    # Bounded waits and a few retries: an S3 that does not answer must not hold a
    # request (and a web worker) for minutes; cms.files.storage turns it into a Dutch 503.
    "client_config": S3Config(
        connect_timeout=float(env("S3_TIMEOUT", "3")),
        read_timeout=float(env("S3_READ_TIMEOUT", "20")),
        retries={"max_attempts": 3, "mode": "standard"},
    ),
    "endpoint_url": env("S3_ENDPOINT_URL") or None,
    "region_name": env("S3_REGION") or None,
    "access_key": env("S3_ACCESS_KEY_ID") or None,
    "secret_key": env("S3_SECRET_ACCESS_KEY") or None,
    "file_overwrite": False,
}
if env("S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_S3, "bucket_name": env("S3_BUCKET"), "querystring_auth": False},
    }
if env("S3_PRIVATE_BUCKET"):
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_S3,
            "bucket_name": env("S3_PRIVATE_BUCKET"),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 60,  # if a URL is ever signed: one minute
        },
    }

# Backups: a storage of their own (cms/settings/backups.py), never backed up or restored.
from .backups import backup_storage  # noqa: E402

STORAGES["backups"] = backup_storage(BASE_DIR, _S3)

# Wagtail
WAGTAIL_SITE_NAME = env("WAGTAIL_SITE_NAME", "SWV-portaal")
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_LOGIN_URL = "accounts:login"
WAGTAIL_PASSWORD_RESET_ENABLED = False  # our own reset, which keeps the second factor
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = True
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = [("nl", "Nederlands")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
# Approval in the four-eyes workflow publishes without the approver's publish_page.
WAGTAIL_FINISH_WORKFLOW_ACTION = "cms.review.finish.publish_approved"
WAGTAIL_USER_EDIT_FORM = "accounts.forms.UserEditForm"
WAGTAIL_USER_CREATION_FORM = "accounts.forms.UserCreationForm"
WAGTAIL_USER_CUSTOM_FIELDS = []
# Database search: PostgreSQL full text with the Dutch configuration (stemming and
# stop words); SQLite ignores SEARCH_CONFIG and uses its own full-text index. Wagtail's
# database backend, minus a column it selects and never reads (kennisbank.search.backend).
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "kennisbank.search.backend", "SEARCH_CONFIG": "dutch"}
}
WAGTAILEMBEDS_FINDERS = []  # no network: embeds degrade to a plain link
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# No avatars from gravatar.com: it would send a hash of every staff address to a
# third party, and there is no internet on many installations.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Security headers that hold everywhere; production tightens the rest.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# DENY for old browsers; CSP frame-ancestors 'self' (which modern browsers obey
# instead of X-Frame-Options) keeps Wagtail's preview iframe working.
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        # Request logs carry URLs; our URLs carry no personal data, but keep noise down.
        "django.request": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# What the portal's own apps read (limits, schedules, rate limits): cms/settings/portal.py
from .portal import *  # noqa: E402, F403
