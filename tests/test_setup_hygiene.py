"""Set-up hygiene a new user trips over: secrets and scratch files stay out of git, skipped corpus tests say so."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(), reason="not a git checkout")
@pytest.mark.parametrize("path", ["data/secret_key", "data/staging/abc.bin", "data/staging/abc.json",
                                  "data/parse-slots/slot-0.lock", "data/pokja.db", "data/archive/ab/cd.xlsx"])
def test_secrets_and_scratch_files_are_ignored(path: str) -> None:
    """`git add -A` in a checkout that has run the app must not pick up the session-signing key or staged uploads."""
    proc = subprocess.run(["git", "check-ignore", "--no-index", "-q", path], cwd=ROOT)
    assert proc.returncode == 0, f"{path} is not ignored by .gitignore"


def test_missing_corpus_is_reported_in_one_line(tmp_path) -> None:  # noqa: ANN001
    """Without the shared corpus the corpus tests are skipped, and the run's summary says how many and why."""
    env = dict(os.environ, POKJA_CORPUS_DIR=str(tmp_path / "no-corpus"), PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:xdist", "-p", "no:cacheprovider", "-q",
                           "tests/test_hostile_files.py", "-k", "corpus"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    out = proc.stdout + proc.stderr
    lines = [line for line in out.splitlines() if "corpus" in line and "skipped" in line and "not present" in line]
    assert len(lines) == 1, out[-3000:]
    assert str(tmp_path / "no-corpus") in lines[0]
    assert any(ch.isdigit() for ch in lines[0])
