"""steerco settings: one module, configured by environment variables.

Development defaults are safe for a laptop (SQLite, DEBUG on). Production
(DEBUG off) refuses to start without a real SECRET_KEY and turns on secure
cookies and HSTS.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def envbool(name: str, default: str) -> bool:
    return os.getenv(name, default).strip().lower() in ("1", "true", "yes", "on")


def envint(name: str, default: str) -> int:
    return int(os.getenv(name, default))


DEBUG = envbool("DEBUG", "True")
_DEV_SECRET = "dev-only-insecure-secret-key-change-me"  # noqa: S105 - refused when DEBUG is off
SECRET_KEY = os.getenv("SECRET_KEY", _DEV_SECRET)
if not DEBUG and (SECRET_KEY == _DEV_SECRET or len(SECRET_KEY) < 32):
    raise ImproperlyConfigured(
        "Set SECRET_KEY to a random string of 32+ characters when DEBUG is off."
    )

ALLOWED_HOSTS = [
    h.strip() for h in os.getenv("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]
CSRF_TRUSTED_ORIGINS = [o for o in os.getenv("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "steerco.ops",
    "steerco.units",
    "steerco.accounts",
    "steerco.people",
    "steerco.directives",
    "steerco.progress",
    "steerco.budget",
    "steerco.scoring",
    "steerco.indicators",
    "steerco.audit",
    "steerco.notices",
    "steerco.intake",
    "steerco.exchange",
    "steerco.reports",
    "steerco.meetings",
    "steerco.api",
    "ninja",  # the API docs' templates and Swagger UI's static files (no CDN)
    "steerco.demo",
    "steerco.web",
    "steerco.bench",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "steerco.audit.middleware.AuditMiddleware",  # changes made by a request are its user's
    "steerco.web.signin.SessionLifetimeMiddleware",  # idle and absolute session limits
    "django_otp.middleware.OTPMiddleware",
    "steerco.web.signin.TwoFactorMiddleware",  # managers and admins: second factor first
    "steerco.web.middleware.UserLanguageMiddleware",  # Vietnamese default; each user's choice kept
    "csp.middleware.CSPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: answers a locked-out sign-in
]

ROOT_URLCONF = "steerco.urls"
WSGI_APPLICATION = "steerco.wsgi.application"

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
                "steerco.web.context_processors.navigation",
            ],
        },
    },
]

# SQLite (WAL, foreign keys on) by default; DATABASE_URL=postgres://... for production.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{os.getenv('STEERCO_DB', PROJECT_DIR / 'steerco.sqlite3')}",
        conn_max_age=envint("CONN_MAX_AGE", "60"),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = envint("CONN_MAX_AGE", "60")
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                # Read the file through the OS page cache (mmap) and keep 32 MB of pages per
                # connection: a national ranking reads the whole task table.
                " PRAGMA mmap_size=268435456; PRAGMA cache_size=-32000; PRAGMA temp_store=MEMORY;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )


def _postgres_options(database: dj_database_url.DBConfig) -> None:
    # No JIT: the classification CASE looks expensive to the planner, which then spends
    # seconds compiling it for a query that runs in a fraction of that (EXPLAIN ANALYZE).
    # work_mem: a national ranking groups 200,000 classified tasks; at PostgreSQL's default
    # of 4 MB the sort spills to disk (EXPLAIN ANALYZE: "external merge").
    options = database.setdefault("OPTIONS", {})
    options["options"] = (
        options.get("options", "")
        + f" -c jit=off -c work_mem={os.getenv('STEERCO_PG_WORK_MEM', '32MB')}"
    ).strip()


if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _postgres_options(DATABASES["default"])

# Read replicas: DATABASE_REPLICA_URLS=postgres://...,postgres://... (streaming replicas of
# the primary, DATABASE_URL) adds the databases replica_1, replica_2, ...: pages read one of
# them, writes and the reads after a write stay on the primary (steerco/lib/replicas.py;
# docs/PERFORMANCE.md, "Read replicas"). Unset: no router, nothing changes.
DATABASE_REPLICA_URLS = [
    u.strip() for u in os.getenv("DATABASE_REPLICA_URLS", "").split(",") if u.strip()
]
# How long after a write the writer's browser keeps reading the primary (its redirect's
# GET must show what it wrote, which a replica replays a moment later).
STEERCO_REPLICA_PIN_SECONDS = envint("STEERCO_REPLICA_PIN_SECONDS", "5")
for _n, _url in enumerate(DATABASE_REPLICA_URLS, 1):
    _replica = dj_database_url.parse(
        _url, conn_max_age=envint("CONN_MAX_AGE", "60"), conn_health_checks=True
    )
    if not DATABASES["default"]["ENGINE"] == _replica["ENGINE"] == "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URLS lists PostgreSQL streaming replicas of a PostgreSQL "
            f"DATABASE_URL; replica {_n} is {_replica['ENGINE']}, the primary "
            f"{DATABASES['default']['ENGINE']}"
        )
    _postgres_options(_replica)
    _replica["TEST"] = {"MIRROR": "default"}  # tests: the replica is the primary
    DATABASES[f"replica_{_n}"] = _replica
if DATABASE_REPLICA_URLS:
    DATABASE_ROUTERS = ["steerco.lib.replicas.ReplicaRouter"]
    MIDDLEWARE.insert(0, "steerco.lib.replicas.PrimaryPinMiddleware")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Covering indexes (INCLUDE) are PostgreSQL's; SQLite builds the same index without the
# extra columns, which is what we want there.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# New passwords: at least STEERCO_PASSWORD_MIN_LENGTH characters, not common, not all
# digits, not like the user's name. (The demo loader sets `demo` directly, unchecked.)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": envint("STEERCO_PASSWORD_MIN_LENGTH", "12")},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in lockout (django-axes): after STEERCO_LOGIN_FAILURE_LIMIT failed sign-ins an
# account, and separately an address, is refused for STEERCO_LOGIN_COOLOFF_MINUTES (even
# with the right password); `steerco unlock USER` lifts it. Behind reverse proxies set
# STEERCO_TRUSTED_PROXIES to their number so the address is the client's.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading each request's user by a statement compiled once.
    "steerco.accounts.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("STEERCO_LOGIN_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = timedelta(minutes=envint("STEERCO_LOGIN_COOLOFF_MINUTES", "30"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# Failures expire after the cool-off only: a success does not forget them (it would also
# forget the failures against other accounts from the same address, so an attacker with
# one valid account could reset the count between guesses at another).
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "steerco.accounts.lockout.client_ip"
AXES_VERBOSE = False
STEERCO_TRUSTED_PROXIES = envint("STEERCO_TRUSTED_PROXIES", "0")
# Two-factor sign-in (TOTP, with recovery codes) for managers, administrators and staff:
# on unless set off, whenever DEBUG is off (`make demo` runs with DEBUG on).
STEERCO_REQUIRE_2FA = envbool("STEERCO_REQUIRE_2FA", "False" if DEBUG else "True")
OTP_TOTP_ISSUER = os.getenv("STEERCO_TOTP_ISSUER", "steerco")
# Sessions end after STEERCO_SESSION_IDLE_MINUTES without a request, and
# STEERCO_SESSION_MAX_HOURS after signing in whatever the activity.
STEERCO_SESSION_IDLE_MINUTES = envint("STEERCO_SESSION_IDLE_MINUTES", "30")
STEERCO_SESSION_MAX_HOURS = envint("STEERCO_SESSION_MAX_HOURS", "12")
SESSION_COOKIE_AGE = STEERCO_SESSION_MAX_HOURS * 3600

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.getenv("TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = PROJECT_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", PROJECT_DIR / "media"))
MEDIA_URL = "/media/"

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

# Security: on always, stricter when DEBUG is off.
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Django's database sessions, each request's read by a statement compiled once.
SESSION_ENGINE = "steerco.accounts.session_store"
SESSION_COOKIE_HTTPONLY = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "True")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "True")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# E-mail (reminders and alerts, `steerco remind`): printed to the console unless EMAIL_HOST
# (or EMAIL_BACKEND) is set; then SMTP with the EMAIL_* settings below.
EMAIL_HOST = os.getenv("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25")
EMAIL_BACKEND = os.getenv(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.getenv("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "False")
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", "False")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", "30")
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "steerco@localhost")

# --- Domain configuration -------------------------------------------------

# The "clears" a task must have to count as fully specified. Conclusion 226-KL/TW
# adds "authority"; list it here to make the check six-clear.
STEERCO_CLEARS = [
    c
    for c in os.getenv("STEERCO_CLEARS", "person,task,time,responsibility,product").split(",")
    if c
]
# Data of a reporting period is cut off on this day of the month (Decree 09/2019: the 14th).
STEERCO_CUTOFF_DAY = envint("STEERCO_CUTOFF_DAY", "14")
# Intake limits: uploaded plan or progress sheet size, rows per file, characters per cell.
STEERCO_IMPORT_MAX_BYTES = envint("STEERCO_IMPORT_MAX_BYTES", str(20 * 1024 * 1024))
STEERCO_IMPORT_MAX_ROWS = envint("STEERCO_IMPORT_MAX_ROWS", "20000")
STEERCO_IMPORT_MAX_CELL = envint("STEERCO_IMPORT_MAX_CELL", "4000")
# An uploaded .xlsx/.docx is a zip: each part read from it may inflate to at most this many
# bytes (zip bombs), and a sheet or table may reach at most this many columns (grid bombs;
# rows are capped by STEERCO_IMPORT_MAX_ROWS).
STEERCO_IMPORT_MAX_MEMBER_BYTES = envint("STEERCO_IMPORT_MAX_MEMBER_BYTES", str(50 * 1024 * 1024))
STEERCO_IMPORT_MAX_COLUMNS = envint("STEERCO_IMPORT_MAX_COLUMNS", "200")
# An uploaded plan or progress sheet held between its preview and its commit expires after
# this many hours; expired uploads are deleted (`steerco pending sweep`).
STEERCO_PENDING_MAX_AGE_HOURS = envint("STEERCO_PENDING_MAX_AGE_HOURS", "24")
# Progress reports: an update speaks for a date from this many days before the day it is
# recorded up to that day (older dates only by a manager of the task, marked as such); a
# completion dated more than STEERCO_LATE_COMPLETION_DAYS before it is recorded counts only
# once a manager accepts it.
STEERCO_REPORT_BACKDATE_DAYS = envint("STEERCO_REPORT_BACKDATE_DAYS", "45")
STEERCO_LATE_COMPLETION_DAYS = envint("STEERCO_LATE_COMPLETION_DAYS", "7")
# Completion counts only once the assigning unit accepts it, for tasks that require it.
# Class -> colour. Classes not listed are uncoloured (and left out of the green rate).
STEERCO_COLOURS = {
    "done_on_time": "green",
    "on_track": "yellow",
    "done_late": "yellow",
    "overdue": "red",
}
# The ranking page and `steerco ranking` show each peer's disbursement rate (disbursed /
# allocated, the budget year of the as-of date) as an extra column; it is never part of
# the green rate nor of the rank order. STEERCO_RANKING_MONEY=false hides it.
STEERCO_RANKING_MONEY = envbool("STEERCO_RANKING_MONEY", "true")
# Indicator status against the trajectory's expected value: ordered rules per direction; the
# first the value meets gives the status, RED when none does (higher is better: value >=
# expected x factor; lower is better: value <= expected x factor).
STEERCO_INDICATOR_THRESHOLDS = {
    "higher": [("GREEN", "1"), ("YELLOW", "0.9")],
    "lower": [("GREEN", "1"), ("YELLOW", "1.1")],
}

# Reminders and alerts (`steerco remind`, steerco/notices): deadline reminders this many
# days before the deadline in force; a recurring task's report reminder this many days
# before its period's cut-off; reminders dated by the calendar sent at most this many days
# late (a run that missed days catches up, an old database is not flooded); the site's
# address in e-mails and webhooks; a webhook retried this many times in a run, pausing
# backoff, 2 x backoff... seconds, and a delivery given up after this many runs.
STEERCO_REMIND_DAYS_BEFORE = [
    int(n) for n in os.getenv("STEERCO_REMIND_DAYS_BEFORE", "7,1").split(",") if n.strip()
]
STEERCO_REMIND_REPORT_DAYS_BEFORE = envint("STEERCO_REMIND_REPORT_DAYS_BEFORE", "3")
STEERCO_REMIND_CATCH_UP_DAYS = envint("STEERCO_REMIND_CATCH_UP_DAYS", "7")
STEERCO_SITE_URL = os.getenv("STEERCO_SITE_URL", "http://127.0.0.1:8000")
STEERCO_WEBHOOK_RETRIES = envint("STEERCO_WEBHOOK_RETRIES", "3")
STEERCO_WEBHOOK_BACKOFF_SECONDS = float(os.getenv("STEERCO_WEBHOOK_BACKOFF_SECONDS", "2"))
STEERCO_DELIVERY_MAX_ATTEMPTS = envint("STEERCO_DELIVERY_MAX_ATTEMPTS", "6")

# Django's cache: local memory (one per process) by default; CACHE_URL=redis://host:port/db
# (or rediss://) for Redis, shared by every worker and server. CACHE_KEY_PREFIX keeps two
# sites (or test runs) on one Redis apart.
CACHE_URL = os.getenv("CACHE_URL", "").strip()
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.getenv("CACHE_KEY_PREFIX", "steerco"),
        }
    }
elif CACHE_URL in ("", "locmem://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ImproperlyConfigured(
        f"CACHE_URL {CACHE_URL!r}: expected redis://host:port/db, rediss://... or locmem://"
    )
# Computed figures (class counts of a unit, scope and date) shared through that cache and
# invalidated by every write to the counted tables (steerco/scoring/cache.py). On by
# default with a shared cache (CACHE_URL) or DEBUG's single process: a local-memory cache
# in each of several gunicorn workers could not hear another worker's write.
STEERCO_FIGURES_CACHE = envbool(
    "STEERCO_FIGURES_CACHE", "true" if CACHE_URL.startswith(("redis", "unix")) or DEBUG else "false"
)
STEERCO_FIGURES_CACHE_SECONDS = envint("STEERCO_FIGURES_CACHE_SECONDS", "3600")
# Conditional GET on the figure pages (ETag, 304 Not Modified: steerco/web/conditional.py).
# On by default with a shared cache, whose generations every worker reads, and no read
# replicas (a replica behind the primary could render old data under a new tag).
STEERCO_CONDITIONAL_PAGES = envbool(
    "STEERCO_CONDITIONAL_PAGES",
    "true" if CACHE_URL.startswith(("redis", "unix")) and not DATABASE_REPLICA_URLS else "false",
)
# A figure page's content rendered once for everyone with the same roles and shared through
# the cache (steerco/web/fragments.py); needs what the conditional pages need.
STEERCO_SHARED_CONTENT = envbool("STEERCO_SHARED_CONTENT", str(STEERCO_CONDITIONAL_PAGES))
# Today's counts from the per-unit summaries (steerco/scoring/summaries.py); off: every
# count classifies the tasks themselves.
STEERCO_SUMMARIES = envbool("STEERCO_SUMMARIES", "true")

# Requests per user and minute on report generation and exports (0: no limit), counted in
# Django's cache (per process with the default local-memory cache).
STEERCO_RATE_REPORTS_PER_MINUTE = envint("STEERCO_RATE_REPORTS_PER_MINUTE", "20")
STEERCO_RATE_EXPORTS_PER_MINUTE = envint("STEERCO_RATE_EXPORTS_PER_MINUTE", "20")
# API requests per personal access token and minute (0: no limit; 429 with Retry-After).
STEERCO_API_RATE_PER_MINUTE = envint("STEERCO_API_RATE_PER_MINUTE", "600")
# How long an Idempotency-Key of an API write answers a repeat of it (hours).
STEERCO_API_IDEMPOTENCY_HOURS = envint("STEERCO_API_IDEMPOTENCY_HOURS", "24")
# Days a new personal access token works unless its creator says otherwise (at most 366).
STEERCO_TOKEN_DEFAULT_DAYS = envint("STEERCO_TOKEN_DEFAULT_DAYS", "90")

# Web: a strict Content-Security-Policy (no inline scripts; every asset from our origin).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Evidence uploads on the progress form: size limit and accepted kinds (checked by content).
STEERCO_UPLOAD_MAX_BYTES = envint("STEERCO_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("DATA_UPLOAD_MAX_MEMORY_SIZE", str(12 * 1024 * 1024))
WHITENOISE_MAX_AGE = 3600  # unhashed files; hashed names are cached forever (immutable)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "WARNING")},
}
