"""Settings of the plain-Django reference project (bench/reference).

A minimal project measured beside Translocal in the same run: one list page and one insert
endpoint, nothing else (no sessions, no auth, no caches). Database: REFERENCE_DATABASE_URL, else
DATABASE_URL (its own tables, ``benchref_*``, beside Translocal's), else SQLite in
``$TRANSLOCAL_VAR_DIR/reference.sqlite3`` with Translocal's SQLite options (WAL, IMMEDIATE).
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("TRANSLOCAL_VAR_DIR") or BASE_DIR.parent / "var")

SECRET_KEY = os.environ.get("REFERENCE_SECRET_KEY", "bench-reference-only-not-secret")  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "::1"]

INSTALLED_APPS = ["benchref"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "benchref.urls"
WSGI_APPLICATION = "benchref.wsgi.application"
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}]

_url = (
    os.environ.get("REFERENCE_DATABASE_URL")
    or os.environ.get("DATABASE_URL")
    or f"sqlite:///{VAR_DIR / 'reference.sqlite3'}"
)
DATABASES = {"default": dj_database_url.parse(_url, conn_max_age=60, conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            " PRAGMA temp_store=MEMORY; PRAGMA mmap_size=134217728;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en"
USE_I18N = False
