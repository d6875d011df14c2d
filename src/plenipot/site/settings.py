"""Django settings for Plenipot, read from the environment.

With nothing set, everything lives in the data folder (`PLENIPOT_DATA_DIR`, default
`./plenipot-data`): SQLite, the secret key, uploads. `DATABASE_URL` switches to
PostgreSQL and `REDIS_URL` switches the channel layer and the cache to Redis.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

from csp import constants as csp
from django.utils.translation import gettext_lazy as _

from plenipot.site import environment

ENV = os.environ

DATA_DIR = environment.data_dir(ENV)
SECRET_KEY = environment.secret_key(ENV, DATA_DIR)
DEBUG = environment.flag(ENV, "PLENIPOT_DEBUG", default=False)

ALLOWED_HOSTS = environment.word_list(
    ENV, "PLENIPOT_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"]
)
CSRF_TRUSTED_ORIGINS = environment.word_list(ENV, "PLENIPOT_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "channels",
    "django_htmx",
    "axes",
    "ninja",
    "plenipot.accounts",
    "plenipot.conference",
    "plenipot.negotiation",
    "plenipot.documents",
    "plenipot.meetings",
    "plenipot.tracker",
    "plenipot.api",
    "plenipot.portal",
    "plenipot.translation",
    "plenipot.submissions",
    "plenipot.planning",
    "plenipot.elections",
    "plenipot.floor",
    "plenipot.operations",
    "plenipot.setup",
]

MIDDLEWARE = [
    # First, so that a request's time includes every other middleware.
    "plenipot.operations.requests.RequestRecord",
    "django.middleware.security.SecurityMiddleware",
    "plenipot.site.security.ContentSecurityPolicyMiddleware",
    "plenipot.site.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Notes the drafting rooms a signed-in reader opens, for "what changed since".
    "plenipot.portal.middleware.DraftVisits",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "plenipot.site.urls"
WSGI_APPLICATION = "plenipot.site.wsgi.application"
ASGI_APPLICATION = "plenipot.site.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # Dates, numbers and names in the reader's language on every page.
            "builtins": ["plenipot.conference.templatetags.languages"],
        },
    },
]

DATABASES = environment.databases(ENV, DATA_DIR)
# Keep each server thread's connection: opening one (SQLite reads its schema again) cost
# more than a whole cached page (plenipot.site.http).
DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = environment.redis_url(ENV)
CACHES = environment.caches(REDIS_URL)
# How long the public's document list and search results may be served from the cache
# (0: never). The key changes whenever anything the pages show does (database triggers,
# portal migrations 0002 and 0003), so this only bounds how long an unused page is kept.
PUBLIC_PAGE_CACHE_SECONDS = int(ENV.get("PLENIPOT_PUBLIC_CACHE_SECONDS", "300"))
CHANNEL_LAYERS = environment.channel_layers(REDIS_URL)
MAX_SOCKETS_PER_CLIENT = environment.whole_number(
    ENV, "PLENIPOT_MAX_SOCKETS_PER_CLIENT", default=20
)

# Who may read /metrics: clients at these addresses or networks, or with this bearer
# token; nobody when neither is set (docs/operations.md, "Monitoring").
METRICS_FROM = environment.networks(ENV, "PLENIPOT_METRICS_FROM")
METRICS_TOKEN = ENV.get("PLENIPOT_METRICS_TOKEN", "").strip()
if METRICS_TOKEN and len(METRICS_TOKEN) < 32:
    raise environment.ConfigurationError("PLENIPOT_METRICS_TOKEN must be 32 characters or more")

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The site's own page, in its layout and language, for a form sent without its token.
CSRF_FAILURE_VIEW = "plenipot.core.pages.csrf_failure"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Login throttling: five failures lock the username from that address for an hour. The
# address is the connection's peer, or behind one of the trusted reverse proxies the
# client it names in X-Forwarded-For (plenipot.core.addresses.client_address).
TRUSTED_PROXIES = environment.networks(ENV, "PLENIPOT_TRUSTED_PROXIES")
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "plenipot.core.addresses.client_address"

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("ar", _("Arabic")),
    ("zh-hans", _("Chinese")),
    ("en", _("English")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("es", _("Spanish")),
]
TIME_ZONE = ENV.get("PLENIPOT_TIME_ZONE", "").strip() or "UTC"
try:  # the zone the pages show times in; a wrong name stops the site with the reason
    import zoneinfo

    zoneinfo.ZoneInfo(TIME_ZONE)
except (ValueError, zoneinfo.ZoneInfoNotFoundError):
    raise environment.ConfigurationError(
        f"PLENIPOT_TIME_ZONE: {TIME_ZONE!r} is not a time zone name (e.g. Asia/Seoul, UTC)"
    ) from None
# The conference clock for rehearsals and training (conference/clock.py): a day, or empty.
PLENIPOT_TODAY = ENV.get("PLENIPOT_TODAY", "").strip()
try:
    PLENIPOT_TODAY = datetime.date.fromisoformat(PLENIPOT_TODAY) if PLENIPOT_TODAY else None
except ValueError:
    raise environment.ConfigurationError(
        f"PLENIPOT_TODAY: {PLENIPOT_TODAY!r} is not a day (YYYY-MM-DD)"
    ) from None
USE_I18N = True
LOCALE_PATHS = [Path(__file__).resolve().parent.parent / "locale"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# Static files are served from the installed package; no collectstatic step needed.
WHITENOISE_USE_FINDERS = True
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"

# E-mail (password reset, daily digests): written to files in the data folder unless an
# SMTP server is configured with PLENIPOT_EMAIL_HOST.
if ENV.get("PLENIPOT_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = ENV["PLENIPOT_EMAIL_HOST"]
    EMAIL_PORT = int(ENV.get("PLENIPOT_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = ENV.get("PLENIPOT_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = ENV.get("PLENIPOT_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = environment.flag(ENV, "PLENIPOT_EMAIL_TLS", default=True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "mail"
DEFAULT_FROM_EMAIL = ENV.get("PLENIPOT_EMAIL_FROM", "plenipot@localhost")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Off only when asked for, as `plenipot demo` does when it serves plain HTTP locally.
SECURE_COOKIES = environment.flag(ENV, "PLENIPOT_SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if environment.flag(ENV, "PLENIPOT_BEHIND_HTTPS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Browsers that reached the site over HTTPS keep to HTTPS for a year. Sent only here:
    # over plain HTTP (`plenipot demo`) it would lock the browser out of the address.
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = environment.flag(
        ENV, "PLENIPOT_HSTS_INCLUDE_SUBDOMAINS", default=False
    )

# Scripts, styles, images and connections only from the site itself (the WebSocket
# origin is added per request: plenipot.site.security); an inline script needs
# nonce="{{ request.csp_nonce }}". No page may be framed; forms post only to the site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF, csp.NONCE],
        "style-src": [csp.SELF],
        "img-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
    },
}
# Powerful browser features no page uses, denied to every frame.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "camera", "display-capture", "geolocation", "gyroscope", "hid",
        "magnetometer", "microphone", "midi", "payment", "serial", "usb",
        "xr-spatial-tracking",
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"format": "%(message)s"}},
    # A refusal (403, 404, 400) is logged in one line, without a traceback.
    "filters": {"refusals": {"()": "plenipot.core.logs.RefusalsWithoutTraceback"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["refusals"]},
        # One line of JSON per request, for a log collector (plenipot.operations.requests).
        "requests": {"class": "logging.StreamHandler", "formatter": "line"},
    },
    "loggers": {
        "plenipot.requests": {
            "handlers": ["requests"],
            "level": "INFO"
            if environment.flag(ENV, "PLENIPOT_REQUEST_LOG", default=True)
            else "WARNING",
            "propagate": False,
        },
    },
    "root": {"handlers": ["console"], "level": ENV.get("PLENIPOT_LOG_LEVEL", "WARNING")},
}
