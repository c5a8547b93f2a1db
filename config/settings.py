"""İletişim settings: every knob is an environment variable, listed in docs/env.md.

The defaults give a developer's machine: SQLite under var/, DEBUG on, mails to the console.
Production (`ILETISIM_ENV=production`) refuses to start with DEBUG on or the default key.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from iletisim.lib import whatsapp as _whatsapp
from iletisim.lib.env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("ILETISIM_VAR_DIR", str(BASE_DIR / "var")))

ENVIRONMENT = env_choice("ILETISIM_ENV", "development", ("development", "production"))
PRODUCTION = ENVIRONMENT == "production"

_DEFAULT_SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY", _DEFAULT_SECRET_KEY)
DEBUG = env_bool("DEBUG", not PRODUCTION)

if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when ILETISIM_ENV=production")
if PRODUCTION and SECRET_KEY == _DEFAULT_SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY: the default key is for development only")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_tasks_db",
    "anymail",
    "iletisim.core",
    "iletisim.accounts",
    "iletisim.website",
    "iletisim.service_requests",
    "iletisim.monitoring",
    "iletisim.press",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Last, so that it sees the outcome of authentication (django-axes' rule).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "iletisim.core.context_processors.site",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'iletisim.sqlite3'}")
try:
    _database = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database address: {exc}") from None
if _database["ENGINE"] not in (
    "django.db.backends.sqlite3",
    "django.db.backends.postgresql",
):
    raise ImproperlyConfigured("DATABASE_URL must be sqlite:///… or postgres://…")
if _database["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web server, the worker and the scheduler share one file.
    _database["CONN_MAX_AGE"] = 0
    _database["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    _database["TEST"] = {"NAME": env_str("TEST_SQLITE_NAME", "") or None}
else:
    _database["CONN_HEALTH_CHECKS"] = True
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Background tasks -------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# --- Authentication --------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "iletisim.accounts.backends.UsernameOrEmailBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 3600, minimum=300)

AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("LOGIN_LOCKOUT_MINUTES", 30, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_IPWARE_PROXY_COUNT = env_int("PROXY_COUNT", 0, minimum=0)
AXES_VERBOSE = False

OTP_TOTP_ISSUER = env_str("OTP_ISSUER", "İletişim")

# --- Sessions, cookies and transport security -------------------------------------------------
SESSION_COOKIE_AGE = env_int("SESSION_MINUTES", 8 * 60, minimum=5) * 60
SESSION_SAVE_EVERY_REQUEST = True  # idle timeout: the clock restarts with each request
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "iletisim.core.views.csrf_failure"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline scripts or styles anywhere: templates load files from /static/ only.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *env_list("CSP_EXTRA_IMG_SRC", [])],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Language and time -------------------------------------------------------------------------
LANGUAGE_CODE = "tr"
LANGUAGES = [("tr", "Türkçe"), ("en", "English")]
LOCALE_PATHS = [Path(env_str("ILETISIM_LOCALE_DIR", str(BASE_DIR / "locale")))]
USE_I18N = True
TIME_ZONE = "Europe/Istanbul"
USE_TZ = True

# --- Static files ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- E-mail ------------------------------------------------------------------------------------
# Django 6.1's MAILERS; "default" is what django.core.mail uses. The SMTP options are given
# only to the SMTP backend (the console backend refuses options it does not know).
_MAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
_MAIL_OPTIONS: dict[str, object] = {}
if _MAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend":
    _MAIL_OPTIONS = {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25, minimum=1, maximum=65535),
        "username": env_str("EMAIL_HOST_USER", ""),
        "password": env_str("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        "timeout": env_int("EMAIL_TIMEOUT", 20, minimum=1),
    }
MAILERS: dict[str, dict[str, object]] = {
    "default": {"BACKEND": _MAIL_BACKEND, "OPTIONS": _MAIL_OPTIONS}
}


def _smtp_mailer(alias: str, url: str) -> dict[str, object]:
    """`smtp://user:pass@host:587` (STARTTLS with `smtp+tls://`, TLS from the start with
    `smtps://`) as a MAILERS entry."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtp+tls", "smtps") or not parts.hostname:
        raise ImproperlyConfigured(f"PRESS_SMTP_SERVERS: {alias}= needs smtp://host:port")
    return {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": parts.hostname,
            "port": parts.port or (465 if parts.scheme == "smtps" else 25),
            "username": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "use_tls": parts.scheme == "smtp+tls",
            "use_ssl": parts.scheme == "smtps",
            "timeout": env_int("EMAIL_TIMEOUT", 20, minimum=1),
        },
    }


# More outgoing SMTP servers for the press office's pools: "backup=smtp+tls://u:p@host:587".
for _alias, _sep, _url in (item.partition("=") for item in env_list("PRESS_SMTP_SERVERS", [])):
    MAILERS[_alias] = _smtp_mailer(_alias, _url)
# An ESP through django-anymail as the mailer "esp": ESP_BACKEND=mailgun (or postmark,
# amazon_ses, …); its keys come from ANYMAIL_* variables (ANYMAIL_MAILGUN_API_KEY,
# ANYMAIL_MAILGUN_WEBHOOK_SIGNING_KEY, ANYMAIL_WEBHOOK_SECRET="user:password", …).
ESP_BACKEND = env_str("ESP_BACKEND", "")
if ESP_BACKEND:
    MAILERS["esp"] = {"BACKEND": f"anymail.backends.{ESP_BACKEND}.EmailBackend"}
ANYMAIL = {
    key.removeprefix("ANYMAIL_"): value
    for key, value in os.environ.items()
    if key.startswith("ANYMAIL_") and value
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "İletişim <iletisim@belediye.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- The directorate, as the public site presents it --------------------------------------------
MUNICIPALITY_NAME = env_str("MUNICIPALITY_NAME", "Örnek Belediyesi")
DIRECTORATE_PHONE = env_str("DIRECTORATE_PHONE", "+90 212 000 00 00")
DIRECTORATE_EMAIL = env_str("DIRECTORATE_EMAIL", "basin@belediye.example")
DIRECTORATE_ADDRESS = env_str(
    "DIRECTORATE_ADDRESS", "Belediye Hizmet Binası, Cumhuriyet Meydanı No: 1"
)
CALL_CENTRE_PHONE = env_str("CALL_CENTRE_PHONE", "153")
WHATSAPP_NUMBER = env_str("WHATSAPP_NUMBER", "")
if WHATSAPP_NUMBER and not WHATSAPP_NUMBER.isdigit():
    raise ImproperlyConfigured(
        "WHATSAPP_NUMBER must be digits only in international form, e.g. 905321234567"
    )

# --- API ---------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_ANON_RATE", "60/minute"),
        "user": env_str("API_USER_RATE", "600/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "İletişim API",
    "DESCRIPTION": "Staff API of the press, publication and public relations platform.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",  # served from our own static files, no CDN
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
}

# --- Caches ------------------------------------------------------------------------------------
# Rate limits and the per-process caches' peers live here. With REDIS_URL one round trip to
# Redis a rate-limited request; without it production shares the database (2-3 queries),
# development keeps it per process.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "iletisim",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache"
            if PRODUCTION
            else "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "iletisim_cache",
        }
    }

# --- Logging -----------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- Health ------------------------------------------------------------------------------------
WORKER_HEARTBEAT_STALE_MINUTES = env_int("WORKER_HEARTBEAT_STALE_MINUTES", 5, minimum=1)

# --- Press office (issue 8) --------------------------------------------------------------------
PRESS_FROM_EMAIL = env_str("PRESS_FROM_EMAIL", DEFAULT_FROM_EMAIL)
PRESS_MAX_UPLOAD_MB = env_int("PRESS_MAX_UPLOAD_MB", 25, minimum=1)
# Messages per second per mail server alias in MAILERS; 0 = no limit. "default=20,bulk=50".
PRESS_MAILER_RATES = {
    alias: float(rate)
    for alias, _sep, rate in (
        item.partition("=") for item in env_list("PRESS_MAILER_RATES", ["default=0"])
    )
}
# A claimed recipient row not marked sent within this many seconds is put back in the queue.
PRESS_SEND_LEASE_SECONDS = env_int("PRESS_SEND_LEASE_SECONDS", 300, minimum=1)
PRESS_RETRY_SECONDS = env_int("PRESS_RETRY_SECONDS", 60, minimum=1)
PRESS_PDF_FONT = env_str("PRESS_PDF_FONT", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
PRESS_REQUESTS_ANONYMISE_DAYS = env_int("PRESS_REQUESTS_ANONYMISE_DAYS", 730, minimum=1)
# The mailer new distributions use: a MAILERS alias ("default", "esp") or a pool's name.
PRESS_MAILER = env_str("PRESS_MAILER", "default")
# Pools of SMTP servers: "press=default+backup" (MAILERS aliases joined by "+").
PRESS_MAILER_POOLS = {
    name: [alias for alias in aliases.split("+") if alias]
    for name, _sep, aliases in (item.partition("=") for item in env_list("PRESS_MAILER_POOLS", []))
}
PRESS_SMTP_CONNECTIONS = env_int("PRESS_SMTP_CONNECTIONS", 4, minimum=1, maximum=50)
PRESS_SERVER_DOWN_SECONDS = env_int("PRESS_SERVER_DOWN_SECONDS", 60, minimum=1)
# DKIM: a PEM RSA key; the public half is published at <selector>._domainkey.<domain>.
PRESS_DKIM_KEY_FILE = env_str("PRESS_DKIM_KEY_FILE", "")
PRESS_DKIM_SELECTOR = env_str("PRESS_DKIM_SELECTOR", "iletisim")
PRESS_DKIM_DOMAIN = env_str("PRESS_DKIM_DOMAIN", PRESS_FROM_EMAIL.rsplit("@", 1)[-1].strip(" >"))
if PRESS_DKIM_KEY_FILE and not Path(PRESS_DKIM_KEY_FILE).is_file():
    raise ImproperlyConfigured(f"PRESS_DKIM_KEY_FILE {PRESS_DKIM_KEY_FILE} is not a file")
# Click tracking rewrites links through a signed redirect; off by default (KVKK). Open
# tracking (a pixel) is not offered at all.
PRESS_CLICK_TRACKING = env_bool("PRESS_CLICK_TRACKING", False)
# The bounce mailbox read by the press-bounce-mailbox job:
# "imaps://user:password@mail.example/INBOX" (imap:// without TLS, for loopback only).
PRESS_BOUNCE_MAILBOX = env_str("PRESS_BOUNCE_MAILBOX", "")

# --- Monitoring (media monitoring: fetching, polling, dedup) ------------------------------------
MONITORING_USER_AGENT = env_str(
    "MONITORING_USER_AGENT", "IletisimMonitor/1.0 (+https://belediye.example/iletisim)"
)
MONITORING_TIMEOUT = env_int("MONITORING_TIMEOUT", 10, minimum=1)  # seconds per phase
MONITORING_DEADLINE = env_int("MONITORING_DEADLINE", 30, minimum=1)  # seconds per document
MONITORING_MAX_BYTES = env_int("MONITORING_MAX_BYTES", 5_000_000, minimum=10_000)
MONITORING_MAX_REDIRECTS = env_int("MONITORING_MAX_REDIRECTS", 5, minimum=0)
MONITORING_HOST_DELAY = env_int("MONITORING_HOST_DELAY", 3, minimum=0)  # seconds between requests
# Requests in flight at once per host, across all workers (0: no limit).
MONITORING_HOST_CONCURRENCY = env_int("MONITORING_HOST_CONCURRENCY", 2, minimum=0)
MONITORING_POLL_MIN_MINUTES = env_int("MONITORING_POLL_MIN_MINUTES", 5, minimum=1)
MONITORING_POLL_MAX_MINUTES = env_int("MONITORING_POLL_MAX_MINUTES", 240, minimum=1)
MONITORING_PAUSE_AFTER_FAILURES = env_int("MONITORING_PAUSE_AFTER_FAILURES", 10, minimum=1)
MONITORING_DEDUP_WINDOW_DAYS = env_int("MONITORING_DEDUP_WINDOW_DAYS", 3, minimum=1)
MONITORING_ALERT_DAILY_AT = env_str("MONITORING_ALERT_DAILY_AT", "08:30")  # daily digests, local
MONITORING_ALERT_MAX_AGE_HOURS = env_int("MONITORING_ALERT_MAX_AGE_HOURS", 48, minimum=1)

# --- Monitoring: the daily press summary and the media reports (issue 7) ------------------------
SUMMARY_DRAFT_AT = env_str("SUMMARY_DRAFT_AT", "06:30")  # local time the draft is built
SUMMARY_SEND_BY = env_str("SUMMARY_SEND_BY", "07:30")  # deadline: sent, or the officer alerted
SUMMARY_ON_WEEKENDS = env_bool("SUMMARY_ON_WEEKENDS", True)
SUMMARY_ON_HOLIDAYS = env_bool("SUMMARY_ON_HOLIDAYS", True)
SUMMARY_DIRECTOR_APPROVAL = env_bool("SUMMARY_DIRECTOR_APPROVAL", False)
SUMMARY_RECIPIENTS = env_list("SUMMARY_RECIPIENTS", [])  # the mayor and the distribution list
SUMMARY_KEYWORDS = env_list("SUMMARY_KEYWORDS", ["belediye", "belediye başkanı"])
SUMMARY_PEERS = env_list("SUMMARY_PEERS", [])  # other municipalities for share of voice
SUMMARY_NEIGHBOURHOODS = env_list("SUMMARY_NEIGHBOURHOODS", [])
SUMMARY_SEND_RETRIES = env_int("SUMMARY_SEND_RETRIES", 5, minimum=0)
SUMMARY_RETRY_SECONDS = env_int("SUMMARY_RETRY_SECONDS", 60, minimum=1)
SUMMARY_FONT_DIR = env_str("SUMMARY_FONT_DIR", "/usr/share/fonts/truetype/dejavu")

# --- Citizen requests (service_requests) -----------------------------------------------------
# Links in the citizen's messages use SITE_URL.
# SMS to citizens and staff alerts (iletisim/lib/sms/): "console" logs, "netgsm" sends.
SMS_PROVIDER = env_choice("SMS_PROVIDER", "console", ("console", "netgsm"))
SERVICE_REQUESTS_MAX_UPLOAD_MB = env_int("SERVICE_REQUESTS_MAX_UPLOAD_MB", 10, minimum=1)
SERVICE_REQUESTS_RATE_PER_IP = env_int("SERVICE_REQUESTS_RATE_PER_IP", 10, minimum=1)
SERVICE_REQUESTS_RATE_PER_CONTACT = env_int("SERVICE_REQUESTS_RATE_PER_CONTACT", 5, minimum=1)
SERVICE_REQUESTS_SURVEY_DAYS = env_int("SERVICE_REQUESTS_SURVEY_DAYS", 30, minimum=1)
SERVICE_REQUESTS_ANONYMISE_DAYS = env_int("SERVICE_REQUESTS_ANONYMISE_DAYS", 730, minimum=30)
# Map tiles for the staff map (Leaflet), e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png;
# add the tile host to CSP_EXTRA_IMG_SRC. Empty: markers only, the page stays usable.
SERVICE_REQUESTS_MAP_TILES = env_str("SERVICE_REQUESTS_MAP_TILES", "")
SERVICE_REQUESTS_MAP_ATTRIBUTION = env_str("SERVICE_REQUESTS_MAP_ATTRIBUTION", "")
SERVICE_REQUESTS_MAP_CENTER = [
    float(x) for x in env_list("SERVICE_REQUESTS_MAP_CENTER", ["40.9833", "29.0667"])
]
# Netgsm (SMS_PROVIDER=netgsm): account, sender name, API address.
NETGSM_USERCODE = env_str("NETGSM_USERCODE", "")
NETGSM_PASSWORD = env_str("NETGSM_PASSWORD", "")
NETGSM_MSGHEADER = env_str("NETGSM_MSGHEADER", "")
NETGSM_API_BASE = env_str("NETGSM_API_BASE", "https://api.netgsm.com.tr")
NETGSM_TIMEOUT_SECONDS = env_int("NETGSM_TIMEOUT_SECONDS", 10, minimum=1)
# WhatsApp Business Cloud API (/webhooks/whatsapp); see docs/decisions/0003 on KVKK.

WHATSAPP_VERIFY_TOKEN = env_str("WHATSAPP_VERIFY_TOKEN", "")
WHATSAPP_APP_SECRET = env_str("WHATSAPP_APP_SECRET", "")
WHATSAPP_ACCESS_TOKEN = env_str("WHATSAPP_ACCESS_TOKEN", "")
WHATSAPP_PHONE_NUMBER_ID = env_str("WHATSAPP_PHONE_NUMBER_ID", "")
WHATSAPP_API_BASE = env_str("WHATSAPP_API_BASE", _whatsapp.DEFAULT_API_BASE)
WHATSAPP_TEMPLATE_NAME = env_str("WHATSAPP_TEMPLATE_NAME", "basvuru_durumu")
# The approved template of staff alerts from monitoring: {{1}} what happened, {{2}} the link.
WHATSAPP_ALERT_TEMPLATE = env_str("WHATSAPP_ALERT_TEMPLATE", "izleme_uyarisi")
WHATSAPP_SMS_FALLBACK = env_bool("WHATSAPP_SMS_FALLBACK", True)
# E-mail intake (manage.py requests_fetch_mail, every 5 minutes): empty host = off.
SERVICE_REQUESTS_IMAP_HOST = env_str("SERVICE_REQUESTS_IMAP_HOST", "")
SERVICE_REQUESTS_IMAP_PORT = env_int("SERVICE_REQUESTS_IMAP_PORT", 993, minimum=1)
SERVICE_REQUESTS_IMAP_USER = env_str("SERVICE_REQUESTS_IMAP_USER", "")
SERVICE_REQUESTS_IMAP_PASSWORD = env_str("SERVICE_REQUESTS_IMAP_PASSWORD", "")
SERVICE_REQUESTS_IMAP_SECURITY = env_choice(
    "SERVICE_REQUESTS_IMAP_SECURITY", "ssl", ("ssl", "starttls", "none")
)
SERVICE_REQUESTS_IMAP_FOLDER = env_str("SERVICE_REQUESTS_IMAP_FOLDER", "INBOX")
SERVICE_REQUESTS_IMAP_MAX_MAIL_MB = env_int("SERVICE_REQUESTS_IMAP_MAX_MAIL_MB", 30, minimum=1)
