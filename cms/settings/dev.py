"""Local development and the demo: SQLite, DEBUG, mails to the console.

``make run`` sets ``DJANGO_DEBUG=0``: the demo then shows the portal's own Dutch
404/403/500 pages instead of Django's debug page (which lists every URL pattern).
Static files are still served without ``collectstatic``: WhiteNoise (already in
the middleware) looks them up through the staticfiles finders, and uploaded
images are served from MEDIA_ROOT (``SERVE_MEDIA_IMAGES``, see ``cms.urls``).
"""

from .base import *  # noqa: F403
from .base import env, env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = env("DJANGO_SECRET_KEY", "dev-only-not-secret-" + "x" * 40)
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
SERVE_MEDIA_IMAGES = True
# A self-signed SAML key pair made at first use, for the demo's test IdP only.
SAML_SP_KEY_FILE = env("SAML_SP_KEY_FILE", str(BASE_DIR / "var" / "saml" / "sp.key"))  # noqa: F405
SAML_SP_CERT_FILE = env("SAML_SP_CERT_FILE", str(BASE_DIR / "var" / "saml" / "sp.crt"))  # noqa: F405
SAML_SP_GENERATE = True
# Newsletter bounces in the demo: VERP return paths and a local Maildir as the bounce mailbox
# (``manage.py nieuwsbrief_bounces``; put a DSN file in var/bounces/new/ to try it).
NEWSLETTER_BOUNCE_ADDRESS = env("NEWSLETTER_BOUNCE_ADDRESS", "bounces@swv-portaal.example")
NEWSLETTER_BOUNCE_MAILBOX = env("NEWSLETTER_BOUNCE_MAILBOX", "maildir")
NEWSLETTER_BOUNCE_MAILDIR = env("NEWSLETTER_BOUNCE_MAILDIR", str(BASE_DIR / "var" / "bounces"))  # noqa: F405
