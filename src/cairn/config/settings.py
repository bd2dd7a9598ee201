"""Cairn's one settings module.

Everything that differs between a laptop demo and a production deployment is read from the
environment through `cairn.lib.env`, which refuses values it cannot understand. SQLite in the
project's data folder is the embedded default; `DATABASE_URL` selects PostgreSQL (or another
SQLite file). `CAIRN_HTTPS` (default on) turns on the HTTPS-only protections; the local demo
turns it off because it serves plain HTTP on the loopback address.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from cairn.lib.env import EnvError, env_bool, env_float, env_int, env_list, env_str

PROJECT_DIR = Path(__file__).resolve().parents[3]
PACKAGE_DIR = Path(__file__).resolve().parents[1]
DATA_DIR = Path(env_str("CAIRN_DATA_DIR", str(PROJECT_DIR / "data")))
NODE_MODULES = Path(env_str("CAIRN_NODE_MODULES", str(PROJECT_DIR / "node_modules")))

DEBUG = env_bool("CAIRN_DEBUG", False)
DEMO = env_bool("CAIRN_DEMO", False)
HTTPS = env_bool("CAIRN_HTTPS", True)


def _secret_key() -> str:
    """The key comes from CAIRN_SECRET_KEY, or else from a file made once in the data folder."""
    configured = env_str("CAIRN_SECRET_KEY", "")
    if configured:
        if len(configured) < 50:
            raise EnvError("CAIRN_SECRET_KEY must be at least 50 characters")
        return configured
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("CAIRN_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CAIRN_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "ninja",
    "django_tasks_db",
    "cairn.web",
    "cairn.agencies",
    "cairn.accounts",
    "cairn.audit",
    "cairn.people",
    "cairn.referrals",
    "cairn.chronology",
    "cairn.reporting",
    "cairn.rules",
    "cairn.cases",
    "cairn.work",
    "cairn.panels",
    "cairn.demo",
    "cairn.indicators",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cairn.audit.middleware.RequestIdMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cairn.config.middleware.ApiRequestGuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cairn.web.access.StaffLoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "cairn.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cairn.config.urls"
WSGI_APPLICATION = "cairn.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cairn.web.context_processors.shell",
            ],
        },
    },
]
FORM_RENDERER = "cairn.web.forms.GovukFormRenderer"

# Database: the embedded SQLite file unless DATABASE_URL says otherwise.
_database_url = env_str("DATABASE_URL", "")
if not _database_url:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    _database_url = f"sqlite:///{DATA_DIR / 'cairn.sqlite3'}"
if not _database_url.startswith(("sqlite:", "postgres:", "postgresql:")):
    raise EnvError("DATABASE_URL must start with sqlite:/// or postgres://")
DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA foreign_keys=ON;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "cairn.accounts.backends.UserWithAgencyBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
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
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "web:home"

# Lockout after repeated failures (django-axes), per username.
AXES_ENABLED = env_bool("CAIRN_LOCKOUT_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("CAIRN_LOCKOUT_ATTEMPTS", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("CAIRN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes warns when the address is not part of the lockout key; Cairn locks the account itself
# whatever address the attempts come from, which is stricter against distributed guessing.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False
AXES_USERNAME_FORM_FIELD = "username"
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address"]

OTP_TOTP_ISSUER = "Cairn"

# Sessions end after an idle period: every request pushes the expiry forward.
SESSION_IDLE_MINUTES = env_int("CAIRN_SESSION_IDLE_MINUTES", 30, minimum=1)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 63072000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("CAIRN_BEHIND_PROXY", False) else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

# Request bodies: one limit for forms and the API, answered with 413 on the API.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("CAIRN_MAX_BODY_BYTES", 16 * 1024 * 1024, minimum=1024)
API_MAX_BODY_BYTES = DATA_UPLOAD_MAX_MEMORY_SIZE

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [
    ("govuk", NODE_MODULES / "govuk-frontend" / "dist" / "govuk"),
    ("htmx", NODE_MODULES / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "cairn.web.storage.StaticStorage"},
}
# Hashed, compressed copies from `collectstatic` where they exist (the set-up scripts make
# them); the source files otherwise, so a checkout that skipped collectstatic still has styles.
WHITENOISE_USE_FINDERS = True

# Email: notifications say only that there is something to read in Cairn, with a link.
# Django 6.1's MAILERS replaces EMAIL_BACKEND; CAIRN_EMAIL_BACKEND names the backend class:
# the console in the demo and when debugging, else SMTP to a relay on this host.
_EMAIL_DEFAULT = "console" if DEBUG or DEMO else "smtp"
MAILERS = {
    "default": {
        "BACKEND": env_str(
            "CAIRN_EMAIL_BACKEND", f"django.core.mail.backends.{_EMAIL_DEFAULT}.EmailBackend"
        )
    }
}
DEFAULT_FROM_EMAIL = env_str("CAIRN_EMAIL_FROM", "cairn@localhost")
#: The address of this server as users reach it, for links in emails.
SITE_URL = env_str("CAIRN_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

TASKS = {
    "default": {
        "BACKEND": env_str("CAIRN_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Logs carry ids and request ids, never personal data.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "cairn.audit.middleware.RequestIdLogFilter"}},
    "formatters": {
        "plain": {
            "()": "cairn.lib.logformat.RedactingFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("CAIRN_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Published counts below this are suppressed.
DISCLOSURE_THRESHOLD = env_int("CAIRN_DISCLOSURE_THRESHOLD", 5, minimum=1)
# Published counts are rounded to the nearest multiple of this (1: not rounded).
DISCLOSURE_ROUNDING = env_int("CAIRN_DISCLOSURE_ROUNDING", 1, minimum=1)
CSRF_FAILURE_VIEW = "cairn.web.views.csrf_failure"

# The public referral form: off unless a deployment switches it on; attempts per address.
PUBLIC_REFERRALS = env_bool("CAIRN_PUBLIC_REFERRALS", False)
PUBLIC_REFERRALS_PER_HOUR = env_int("CAIRN_PUBLIC_REFERRALS_PER_HOUR", 5, minimum=1)

# Identity resolution: at or above the first, a match links automatically; from the second up
# to it, a person decides; below, the record is a new person.
MATCH_AUTO_LINK_THRESHOLD = env_float("CAIRN_MATCH_AUTO_LINK", 0.999)
MATCH_REVIEW_THRESHOLD = env_float("CAIRN_MATCH_REVIEW", 0.5)
if MATCH_REVIEW_THRESHOLD >= MATCH_AUTO_LINK_THRESHOLD:
    raise EnvError("CAIRN_MATCH_REVIEW must be below CAIRN_MATCH_AUTO_LINK")

# The chronology: attachments live outside the web root; case files have a size limit.
ATTACHMENTS_DIR = Path(env_str("CAIRN_ATTACHMENTS_DIR", str(DATA_DIR / "attachments")))
ATTACHMENT_MAX_BYTES = env_int("CAIRN_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)
CASEFILE_MAX_BYTES = env_int("CAIRN_CASEFILE_MAX_BYTES", 16 * 1024 * 1024, minimum=1024)
CHRONOLOGY_PAGE_SIZE = env_int("CAIRN_CHRONOLOGY_PAGE_SIZE", 50, minimum=5)
