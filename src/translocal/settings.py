"""One settings module, driven by the environment (12-factor).

Embedded mode (the default): SQLite in WAL mode under ``var/``, local-memory cache, the
database task queue. Scale mode: set ``DATABASE_URL`` to PostgreSQL, ``REDIS_URL`` for the
cache, and optionally ``DATABASE_REPLICA_URLS`` for read replicas. Production hardening is on
whenever ``DEBUG`` is off and ``HTTPS`` is on; see docs/operations.md.
"""

import json
import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("TRANSLOCAL_VAR_DIR", Path.cwd() / "var")).resolve()


def _secret_key() -> str:
    """SECRET_KEY from the environment, else a random key kept in var/ (never a fixed default)."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = VAR_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(64)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
HTTPS = env_bool("HTTPS", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_NAME = os.environ.get("SITE_NAME", "Translocal")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "translocal.core",
    "translocal.accounts",
    "translocal.audit",
    "translocal.places",
    "translocal.taxonomy",
    "translocal.knowledge",
    "translocal.coproduction",
    "translocal.exchanges",
    "translocal.intelligence",
    "translocal.sdg",
    "translocal.search",
    "translocal.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "translocal.core.db_router.ReadYourWritesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After the session, before CommonMiddleware: the language from the cookie the switcher
    # sets, else Accept-Language; a signed-in person's profile choice overrides it below.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, with the person's language applied as their row is read (accounts.middleware).
    "translocal.accounts.middleware.AuthenticationMiddleware",
    "translocal.accounts.middleware.PrivateCacheForSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "translocal.core.csp.CSPMiddleware",  # django-csp's, its header built once (core/csp.py)
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so that it turns the login view's response into the lockout page (status 429).
    "axes.middleware.AxesMiddleware",
    "translocal.core.page_cache.AnonymousPageCacheMiddleware",
    # After the page cache, which reads a signed-in person's row with the page's versions: reads
    # it (and applies their language) before any other view runs.
    "translocal.accounts.middleware.PreferredLanguageMiddleware",
]

ROOT_URLCONF = "translocal.urls"
WSGI_APPLICATION = "translocal.wsgi.application"

_loaders: list[Any] = [
    "django.template.loaders.filesystem.Loader",
    "django.template.loaders.app_directories.Loader",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "translocal.core.context_processors.site",
            ],
            # The cached loader always (also in DEBUG=false dev runs): templates are hot.
            "loaders": _loaders if DEBUG else [("django.template.loaders.cached.Loader", _loaders)],
            "builtins": [
                "template_partials.templatetags.partials",
                "translocal.core.templatetags.translocal",
            ],
        },
    }
]

# --- Database -----------------------------------------------------------------------------
SQLITE_PATH = VAR_DIR / "translocal.sqlite3"
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{SQLITE_PATH}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers and the single writer work at once; IMMEDIATE takes the write lock
        # at BEGIN so concurrent writers queue (busy timeout) instead of failing mid-transaction.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            " PRAGMA temp_store=MEMORY; PRAGMA mmap_size=134217728;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

for index, url in enumerate(env_list("DATABASE_REPLICA_URLS")):
    DATABASES[f"replica{index}"] = dj_database_url.parse(url, conn_max_age=60)
    DATABASES[f"replica{index}"]["TEST"] = {"MIRROR": "default"}
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.postgresql":
        # Django's backend with a health check that asks the server only when it has spoken
        # first (core/postgresql/base.py): no SELECT 1 round trip at the start of each request.
        _database["ENGINE"] = "translocal.core.postgresql"
        # The few hottest plain statements (core.raw_rows.prepared_cursor: session, user, a
        # support's read and write) are prepared on a connection once they ran there five times
        # (psycopg's default; Django's, None, prepares nothing). Queries through the ORM bind on
        # the client and are never prepared. Behind PgBouncer in transaction mode this needs
        # PgBouncer 1.21 or later (max_prepared_statements).
        _database.setdefault("OPTIONS", {})["prepare_threshold"] = 5
DATABASE_ROUTERS = ["translocal.core.db_router.ReplicaRouter"] if len(DATABASES) > 1 else []
# After a person's write, their reads stay on the primary this long (replica lag is far shorter).
READ_YOUR_WRITES_SECONDS = int(os.environ.get("READ_YOUR_WRITES_SECONDS", "10"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and tasks -----------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Embeddings (translocal.intelligence): "auto" takes the multilingual sentence model of the
# intelligence extra when it is installed, else the lexical fallback; "e5" or "hashing" force one.
INTELLIGENCE_EMBEDDER = os.environ.get("INTELLIGENCE_EMBEDDER", "auto")
# Threads of the model's engine per process (web workers: 1; unset = all cores).
INTELLIGENCE_THREADS = int(os.environ["INTELLIGENCE_THREADS"]) if os.environ.get("INTELLIGENCE_THREADS") else 1

# SDG suggestions (translocal.sdg) are refreshed by the worker after every write to an entry.
SDG_SUGGEST_ON_WRITE = env_bool("SDG_SUGGEST_ON_WRITE", True)
# The embedder of `translocal sdg suggest --jsonl` (bulk tagging, evaluation): the lexical one by
# default, which matches the model's held-out precision and recall at 20 times its speed
# (docs/sdg.md); "e5" or "auto" for the model on a machine with the cores for it.
SDG_BATCH_EMBEDDER = os.environ.get("SDG_BATCH_EMBEDDER", "hashing")
# Where the suggester keeps the vectors of the goals' and targets' reference texts, so that a
# process or a command run reads them instead of embedding them again; empty: not kept.
SDG_REFERENCE_CACHE = os.environ.get("SDG_REFERENCE_CACHE", str(VAR_DIR / "cache" / "sdg"))

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- Auth ---------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"
# Axes first: it refuses a locked-out account or address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend with the per-request user read in plain SQL (sessions stored under
    # django.contrib.auth.backends.ModelBackend before it sign in again once).
    "translocal.accounts.backends.ModelBackend",
]
# Django's database sessions with the per-request read in plain SQL.
SESSION_ENGINE = "translocal.accounts.sessions"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Translocal <noreply@localhost>")
#: Markdown a member may have rendered per window (characters, seconds): see core.budgets.
RENDER_BUDGET_CHARACTERS = int(os.environ.get("TRANSLOCAL_RENDER_BUDGET_CHARACTERS", "400000"))
RENDER_BUDGET_SECONDS = int(os.environ.get("TRANSLOCAL_RENDER_BUDGET_SECONDS", "600"))
#: Scheme and host that links in e-mails sent outside a request start with (notifications).
SITE_URL = os.environ.get("TRANSLOCAL_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- Login throttling (django-axes) ---------------------------------------------------------
# Failed sign-ins are counted per account and, separately, per client address (either one
# reaching the limit locks); the lock lifts by itself after the cool-off, on a successful
# password reset, or when staff run `translocal axes_reset_username NAME`. Attempts live in the
# database, so every app server of the scale mode sees the same counts.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "translocal.accounts.throttling.lockout_response"
AXES_CLIENT_IP_CALLABLE = "translocal.accounts.throttling.client_ip_address"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
# How many reverse proxies (load balancer, TLS terminator) stand in front of the app servers and
# append to X-Forwarded-For. 0 (the embedded mode): the socket's address is the client's.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# --- I18n ---------------------------------------------------------------------------------
# The interface languages shipped with complete catalogues (src/translocal/locale/), each named
# in its own language for the switcher. docs/translating.md says how to add one.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("es", "Español"),
    ("ca", "Català"),
    ("sv", "Svenska"),
]
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]
# Dates and numbers follow the active language (templates ask for DATE_FORMAT, never a pattern);
# translocal/formats keeps English day-month-year.
FORMAT_MODULE_PATH = ["translocal.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static files -------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
# Uploaded files (images, documents). Embedded mode: files under var/media. Scale mode: every
# app server must read the same files, so MEDIA_ROOT names a shared directory (an NFS or other
# network mount), or MEDIA_STORAGE names another Django storage backend (for example
# django-storages' "storages.backends.s3.S3Storage", installed separately) with its options as
# JSON in MEDIA_STORAGE_OPTIONS. Files are always served through our views (permission-checked).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or VAR_DIR / "media")
MEDIA_URL = "media/"
_MEDIA_STORAGE: dict[str, Any] = {
    "BACKEND": os.environ.get("MEDIA_STORAGE") or "django.core.files.storage.FileSystemStorage"
}
if os.environ.get("MEDIA_STORAGE_OPTIONS"):
    _MEDIA_STORAGE["OPTIONS"] = json.loads(os.environ["MEDIA_STORAGE_OPTIONS"])
# Django's plain storage (DEBUG, tests) and whitenoise's compressed manifest storage, each with
# its files' URLs computed once per process (core/staticfiles.py).
STORAGES = {
    "default": _MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "translocal.core.staticfiles.PlainStaticFilesStorage"
            if DEBUG or env_bool("TESTING")
            else "translocal.core.staticfiles.ManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
if env_bool("TESTING"):
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# --- Security -----------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if HTTPS:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    # Both bind every subdomain of the host (preload for years, in browsers' shipped lists): an
    # operator opts in knowingly, and Django's deploy check is told this is deliberate.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    SILENCED_SYSTEM_CHECKS = [
        *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
        *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
    ]

# Content-Security-Policy (django-csp): everything from our own origin, no inline script or
# style, no plugins, no framing. Templates keep scripts and styles in static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- Translocal ---------------------------------------------------------------------------
PAGE_SIZE = 24
# Cached page fragments keyed on the content version (core.caching). Off only to measure the
# uncached path (bench/load.py --compare-uncached) or to debug a template.
FRAGMENT_CACHE = env_bool("FRAGMENT_CACHE", True)
SHARED_DATA_DIR = Path(os.environ.get("TRANSLOCAL_SHARED_DATA", BASE_DIR.parents[2] / "../shared/data"))
