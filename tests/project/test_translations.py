"""scripts/check-translations: a shipped catalogue must be complete, and must follow the code."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECK = ROOT / "scripts" / "check-translations"
PACKAGE = ROOT / "src" / "translocal"

pytestmark = pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")


def run_check(source: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, str(CHECK), "--source", str(source)], capture_output=True, text=True, check=False
    )


@pytest.fixture
def package_copy(tmp_path) -> Path:
    copy = tmp_path / "translocal"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo", "static"))
    return copy


def _catalogues(package: Path) -> list[Path]:
    return sorted((package / "locale").glob("*/LC_MESSAGES/django.po"))


def test_the_shipped_catalogues_are_complete():
    result = run_check(PACKAGE)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 catalogues complete" in result.stdout


def test_a_new_string_fails_the_check_once_it_is_marked_until_it_is_translated(package_copy):
    template = package_copy / "core" / "templates" / "core" / "_new_notice.html"
    template.write_text("<p>Minutes of the budget assembly</p>\n")
    assert run_check(package_copy).returncode == 0  # an unmarked string is invisible to the check

    template.write_text('{% load i18n %}<p>{% translate "Minutes of the budget assembly" %}</p>\n')
    result = run_check(package_copy)
    assert result.returncode == 1
    assert "marked in the code but missing from the catalogue" in result.stdout
    assert "'Minutes of the budget assembly'" in result.stdout
    for locale in ("es", "ca", "sv"):
        assert f"{locale}: 1 marked in the code but missing" in result.stdout

    for po in _catalogues(package_copy):
        with po.open("a", encoding="utf-8") as catalogue:
            catalogue.write('\nmsgid "Minutes of the budget assembly"\nmsgstr "Acta"\n')
    assert run_check(package_copy).returncode == 0


def test_a_fuzzy_entry_fails_the_check(package_copy):
    po = package_copy / "locale" / "sv" / "LC_MESSAGES" / "django.po"
    text = po.read_text(encoding="utf-8")
    fuzzy = text.replace('msgid "Skip to main content"', '#, fuzzy\nmsgid "Skip to main content"')
    po.write_text(fuzzy, encoding="utf-8")
    result = run_check(package_copy)
    assert result.returncode == 1
    assert "sv: 1 fuzzy:" in result.stdout and "'Skip to main content'" in result.stdout


def test_an_untranslated_entry_fails_the_check(package_copy):
    po = package_copy / "locale" / "ca" / "LC_MESSAGES" / "django.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr "Saltar al contingut principal"', 'msgstr ""'), encoding="utf-8")
    result = run_check(package_copy)
    assert result.returncode == 1
    assert "ca: 1 untranslated:" in result.stdout


def test_a_string_the_code_no_longer_uses_fails_the_check(package_copy):
    for po in _catalogues(package_copy):
        with po.open("a", encoding="utf-8") as catalogue:
            catalogue.write('\nmsgid "A button that was removed"\nmsgstr "X"\n')
    result = run_check(package_copy)
    assert result.returncode == 1
    assert "no longer marked in the code" in result.stdout
