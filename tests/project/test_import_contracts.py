"""The dependency rules of pyproject.toml ([tool.importlinter]) hold, and they are not a
formality: a copy of the project with one forbidden import added fails `lint-imports`."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "translocal"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(cwd: Path, config: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own tool, fixed arguments
        [str(LINT_IMPORTS), "--config", str(config), "--no-cache"],
        cwd=cwd,
        env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory) -> Path:
    """The Python modules of the project (no templates or data) and its contracts."""
    root = tmp_path_factory.mktemp("lint")
    shutil.copytree(PACKAGE, root / "translocal", ignore=shutil.ignore_patterns("templates", "static", "data", "*.pyc"))
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


@pytest.fixture
def with_module(project_copy):
    """Add a module to the copy for one test, then remove it (and any package it created)."""
    created: list[Path] = []

    def add(dotted: str, source: str) -> None:
        path = project_copy.joinpath(*dotted.split("."))
        for parent in reversed(path.relative_to(project_copy).parents[:-1]):
            directory = project_copy / parent
            if not directory.exists():
                directory.mkdir()
                (directory / "__init__.py").write_text("")
                created.append(directory)
        file = path.with_suffix(".py")
        file.write_text(source)
        created.append(file)

    yield add
    for path in reversed(created):
        shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)


def test_the_project_keeps_its_contracts():
    result = _lint(ROOT, ROOT / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_unchanged_copy_keeps_them_too(project_copy):
    """So that the failures below come from the added import alone."""
    result = _lint(project_copy, project_copy / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "source", "broken"),
    [
        # The home page asking the knowledge app by name instead of through contributions.
        ("translocal.core.leak", "from translocal.knowledge import selectors\n", "core, search and taxonomy"),
        # Search naming countries through places instead of core.locales.
        ("translocal.search.leak", "from translocal.places import selectors\n", "Layers"),
        ("translocal.taxonomy.leak", "import translocal.accounts.models\n", "core, search and taxonomy"),
        ("translocal.places.leak", "from translocal.knowledge import selectors\n", "Layers"),
        ("translocal.knowledge.leak", "import translocal.demo.loader\n", "Nothing imports demo"),
        # A second pillar reaching into the first one's models instead of its selectors.
        ("translocal.exchanges.views", "from translocal.knowledge.models import Case\n", "Pillars use each other"),
    ],
)
def test_a_forbidden_import_breaks_a_contract(with_module, project_copy, module, source, broken):
    with_module(module, source)
    result = _lint(project_copy, project_copy / "pyproject.toml")
    assert result.returncode == 1, result.stdout + result.stderr
    broken_lines = [line for line in result.stdout.splitlines() if " BROKEN" in line]
    assert any(line.startswith(broken) for line in broken_lines), result.stdout
    assert module in result.stdout


def test_a_pillar_may_use_another_pillars_selectors_services_and_permissions(with_module, project_copy):
    with_module(
        "translocal.exchanges.views",
        "from translocal.knowledge import permissions, selectors, services\n",
    )
    result = _lint(project_copy, project_copy / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
