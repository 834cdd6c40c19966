"""Every command the README shows works as written on a fresh clone: no bare `translocal` (it
lives in .venv/bin, where `make install` puts it), every `make` target exists, and every
`.venv/bin/translocal` subcommand is one the project has.

What is run for real and what is only checked (each README line is one or the other, and a new
line fails test_every_readme_command_is_classified until it is added below):

- run for real: `.venv/bin/translocal <any Django command>` (as `help`, listing the commands);
- only `--help` (the subcommand exists and parses its arguments; nothing is written):
  `reindex` and `load_demo`, whose work the search and demo tests cover;
- dry run (`make -n`: the target exists and what it would run is shown, nothing is run): every
  `make` line. `make run` serves until stopped (tests/project/test_serve.py runs its script),
  `make test` and its parts run this suite, the imports take a minute on the real data (the
  importers' own tests run them: tests/knowledge/test_import_participedia.py,
  tests/taxonomy/test_sdg_import.py); their dry run must name an existing data directory.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
BIN = Path(sys.executable).parent
MAKE = shutil.which("make") or "make"

_FENCE = re.compile(r"```[^\n]*\n(.*?)```", re.S)
_CODE = re.compile(r"`([^`\n]+)`")

# How each command is checked: "run" (for real), "help" (its --help runs: the command exists and
# parses, nothing is written), "dry-run" (make -n), "data" (make -n, and the data directory it
# names must exist).
HOW = {
    "make run": "dry-run",
    "make test": "dry-run",
    "make test-sqlite": "dry-run",
    "make test-postgres": "dry-run",
    "make lint": "dry-run",
    "make import-participedia": "data",
    "make import-sdg": "data",
    ".venv/bin/translocal reindex": "help",
    ".venv/bin/translocal load_demo": "help",
    ".venv/bin/translocal <any Django command>": "run",
}


def readme_commands() -> list[str]:
    """The command lines of the README: the lines of its code blocks (comments dropped) and the
    code spans of its "Commands" table's first column."""
    text = README.read_text()
    commands = []
    for block in _FENCE.findall(text):
        for line in block.splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                commands.append(line)
    table = text[text.index("## Commands"):]
    for row in table.splitlines():
        if row.startswith("| `"):
            commands.extend(_CODE.findall(row.split("|")[1]))
    return list(dict.fromkeys(commands))


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "TESTING", "MAKEFLAGS", "MAKELEVEL"}}
    env["SECRET_KEY"] = "readme-test-" + "k" * 40
    return env


def _make_dry_run(command: str) -> str:
    result = subprocess.run(  # noqa: S603 - argv from the README, checked against HOW first
        [MAKE, "-n", *command.split()[1:]], cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, f"{command}: {result.stderr}"
    return result.stdout


def test_the_readme_shows_commands():
    commands = readme_commands()
    assert "make run" in commands and "make import-participedia" in commands
    assert len(commands) >= 8


def test_no_readme_command_needs_translocal_on_the_path():
    """`translocal ...` alone is "command not found" on a fresh clone: make puts it in .venv/bin."""
    for command in readme_commands():
        assert command.startswith(("make ", ".venv/bin/translocal ")), command


def test_every_readme_command_is_classified():
    assert sorted(readme_commands()) == sorted(HOW)


@pytest.mark.parametrize("command", [c for c, how in HOW.items() if how in {"dry-run", "data"}])
def test_each_make_command_is_a_target_that_would_run(command):
    planned = _make_dry_run(command)
    assert planned.strip(), f"{command} would do nothing"
    if HOW[command] == "data":
        [line] = [line for line in planned.splitlines() if "translocal import" in line]
        data = Path(line.split()[-1])
        assert (ROOT / data if not data.is_absolute() else data).is_dir(), line


def test_the_participedia_target_reads_the_readmes_directory_by_default():
    env = _env()
    env.pop("TRANSLOCAL_SHARED_DATA", None)
    result = subprocess.run(  # noqa: S603 - fixed argv
        [MAKE, "-n", "import-participedia"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert ".venv/bin/translocal import participedia ../shared/data/participedia" in result.stdout


def test_translocal_in_the_virtualenv_runs_any_django_command():
    translocal = ROOT / ".venv" / "bin" / "translocal"
    if not translocal.exists():  # a suite run from another virtualenv: the same script there
        translocal = BIN / "translocal"
    result = subprocess.run(  # noqa: S603 - fixed argv
        [str(translocal), "help"], cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    for name in ("import", "reindex", "load_demo", "migrate"):
        assert re.search(rf"^\s+{name}$", result.stdout, re.M), name


@pytest.mark.parametrize("command", [c for c, how in HOW.items() if how == "help"])
def test_each_translocal_command_of_the_readme_exists(command):
    argv = [str(BIN / "translocal"), *command.split()[1:], "--help"]
    result = subprocess.run(argv, cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=120)  # noqa: S603
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: translocal " + command.split()[1])
