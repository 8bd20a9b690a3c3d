"""The import contracts in pyproject.toml ([tool.importlinter]) hold, and they would catch a broken arrow."""
from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("core", "loaders", "dashboard")


def _lint(root: Path) -> subprocess.CompletedProcess:
    lint = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    return subprocess.run([lint, "--config", str(root / "pyproject.toml"), "--no-cache"], cwd=root,
                          env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"}, capture_output=True, text=True,
                          check=False)


def test_the_import_contracts_are_kept():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(("module", "bad_import"), [
    ("core/values.py", "from dashboard import queries"),  # the core imports the app
    ("loaders/names.py", "from dashboard import cache"),  # a loader imports the app
    ("dashboard/queries/scores.py", "from dashboard.components import cards"),  # a read model imports a component
    ("dashboard/cache.py", "from dashboard.pages import anggota"),  # something imports a page
    ("dashboard/pages/unduhan.py", "from dashboard.queries import cached"),  # a page reads around its views
    ("dashboard/components/cards.py", "from dashboard.cache import cached_query"),  # a component caches a query
])
def test_a_broken_arrow_breaks_a_contract(tmp_path: Path, module: str, bad_import: str):
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__", "locale"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / module
    target.write_text(target.read_text() + f"\n{bad_import}  # planted by the test\n")
    result = _lint(tmp_path)
    assert result.returncode != 0, result.stdout
    assert "BROKEN" in result.stdout


def test_every_module_of_the_app_is_forbidden_to_import_a_page():
    """The "nothing imports a page" contract names its sources one by one: a new module must join the list."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    contract = next(c for c in config["contracts"] if c["name"] == "nothing imports a page")
    named = set(contract["source_modules"])
    modules = {f"dashboard.{p.stem}" for p in (ROOT / "dashboard").glob("*.py") if p.stem != "__init__"}
    modules |= {f"dashboard.{p.name}" for p in (ROOT / "dashboard").iterdir()
                if p.is_dir() and (p / "__init__.py").exists() and p.name not in ("pages", "migrations")}
    assert modules - named == set(), "add these to the contract's source_modules"
