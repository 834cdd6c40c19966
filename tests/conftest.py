import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests import commit_hooks

commit_hooks.install()

SHARED_DATA = Path(
    os.environ.get("TRANSLOCAL_SHARED_DATA") or Path(__file__).resolve().parents[1].parent / "shared" / "data"
)


PACKAGE_DIR = Path(__file__).resolve().parents[1] / "src" / "translocal"


def pytest_configure(config):
    """Compile the interface catalogues that are missing or older than their .po (what `make
    install` does), so a test run straight from pytest sees every shipped language."""
    for po in PACKAGE_DIR.glob("locale*/*/LC_MESSAGES/django.po"):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        if shutil.which("msgfmt") is None:
            raise pytest.UsageError("GNU gettext's msgfmt compiles the translations: scripts/ensure-gettext.sh")
        subprocess.run(["msgfmt", "--check", "-o", str(mo), str(po)], check=True)  # noqa: S603, S607


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.exists():
        pytest.fail(f"../shared/data not found at {SHARED_DATA}: tests need the shared data set")
    return SHARED_DATA


@pytest.fixture(autouse=True)
def _interface_language_reset():
    """Each test starts in the default language: a test client request with Accept-Language
    leaves its language active in the thread (LocaleMiddleware never resets it), and a later
    test printing or rendering outside a request would read it."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    """Tasks run inline in tests so their effects can be asserted."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Fragment and page caches must not carry state from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _light_embedder(settings):
    """Content written in tests is embedded inline (tasks run at once): the lexical fallback
    keeps that cheap; tests/intelligence runs the real multilingual model."""
    settings.INTELLIGENCE_EMBEDDER = "hashing"


@pytest.fixture(autouse=True)
def _fresh_vector_indexes():
    """In-process vector indexes follow a database version that a rolled-back test reuses."""
    from translocal.intelligence.index import forget_indexes

    forget_indexes()
    yield
    forget_indexes()


@pytest.fixture(autouse=True)
def _still_supported_order_window(monkeypatch):
    """The proposal lists' "most supported" order is keyed on the current 60-second window
    (coproduction.views.supported_order_window): a test that primes a list and then asserts it
    is served from the cache would fail whenever a minute boundary fell between the two. Tests
    stay in one window; the tests of the window move it themselves."""
    from translocal.coproduction import views

    monkeypatch.setattr(views, "supported_order_window", lambda: 0)


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_report_header(config):
    return f"database: {os.environ.get('DATABASE_URL', 'sqlite (embedded default)')}"



@pytest.fixture(autouse=True)
def _no_sdg_suggestions_on_write(settings):
    """Writes in tests do not refresh SDG suggestions (extra queries in every write's
    after-commit effects); tests/sdg switch it back on where they test it."""
    settings.SDG_SUGGEST_ON_WRITE = False
