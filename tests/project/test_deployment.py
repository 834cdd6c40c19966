"""The project-level promises: production settings pass Django's deploy checks, migrations
match the models, and the embedded default really is SQLite in WAL mode."""

import os
import secrets
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.db import connection


def _translocal(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "translocal.cli", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_check_deploy(tmp_path):
    result = _translocal(
        "check", "--deploy", "--fail-level", "WARNING",
        env={
            "DEBUG": "false",
            "HTTPS": "true",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "translocal.example.org",
            "TRANSLOCAL_VAR_DIR": str(tmp_path),
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_without_secret_key_a_random_one_is_kept_in_var(tmp_path):
    env = {"TRANSLOCAL_VAR_DIR": str(tmp_path), "SECRET_KEY": ""}
    show_key = "from django.conf import settings; print(settings.SECRET_KEY)"
    first = _translocal("shell", "-c", show_key, env=env)
    second = _translocal("shell", "-c", show_key, env=env)
    assert first.returncode == 0, first.stderr
    key = first.stdout.strip().splitlines()[-1]
    assert len(key) >= 50
    assert key == second.stdout.strip().splitlines()[-1]
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": connection.vendor}


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="SQLite-only pragma")
def test_embedded_database_runs_in_wal_mode(tmp_path):
    result = _translocal(
        "shell", "-c",
        "from django.db import connection\n"
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])",
        env={"TRANSLOCAL_VAR_DIR": str(tmp_path), "DATABASE_URL": ""},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "wal"
    assert (tmp_path / "translocal.sqlite3").exists()
