"""The code checks CI keeps: lint, format, types and the stage-independence contract."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.mark.parametrize(
    "command",
    [
        ("ruff", "check", "src", "tests", "bench"),
        ("ruff", "format", "--check", "src", "tests", "bench"),
        ("mypy", "src"),
        # The public API as users write it (see the file's docstring).
        ("mypy", "--strict", "tests/typing_usage.py"),
    ],
    ids=["ruff-check", "ruff-format", "mypy", "mypy-usage"],
)
def test_code_passes(command: tuple[str, ...]) -> None:
    result = _run(sys.executable, "-m", *command)
    assert result.returncode == 0, result.stdout + result.stderr


def test_stages_do_not_import_each_other() -> None:
    # The script sits beside the interpreter running the tests.
    result = _run(str(Path(sys.executable).parent / "lint-imports"))
    assert result.returncode == 0, result.stdout + result.stderr
