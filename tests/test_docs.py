"""The documentation says what the code does: commands, data columns, the README."""

from __future__ import annotations

import csv
import re
import subprocess
import sys

import yaml
from click.testing import CliRunner

from dateline.cli import cli
from dateline.model import Event, field_names
from dateline.settings import DATA_DIR

from .conftest import ROOT


def _command_names() -> list[str]:
    import click

    return cli.list_commands(click.Context(cli))


def test_every_command_has_help_with_an_example():
    for name in _command_names():
        result = CliRunner().invoke(cli, [name, "--help"])
        assert result.exit_code == 0
        assert "Example:" in result.output, f"`dateline {name} --help` shows no example"


def test_cli_reference_is_up_to_date():
    result = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", str(ROOT / "docs" / "cli.md")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, (
        "docs/cli.md is stale: run `cog -r docs/cli.md`\n"
        + result.stdout
        + result.stderr
    )


def test_every_command_is_in_the_cli_reference():
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for name in _command_names():
        assert f"## dateline {name}" in text, (
            f"dateline {name} is not documented in docs/cli.md"
        )


def test_every_data_column_is_documented():
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_0-9]+)` \|", readme, flags=re.M))
    columns: set[str] = set()
    for path in DATA_DIR.glob("*.csv"):
        with path.open(encoding="utf-8") as handle:
            columns.update(next(csv.reader(handle)))
    actors = yaml.safe_load((DATA_DIR / "actors.yaml").read_text(encoding="utf-8"))
    for entry in actors:
        columns.update(entry)
    triggers = yaml.safe_load(
        (DATA_DIR / "triggers" / "en.yaml").read_text(encoding="utf-8")
    )["triggers"]
    for entry in triggers:
        columns.update(entry)
    missing = sorted(columns - documented)
    assert not missing, f"data columns not documented in data/README.md: {missing}"


def test_readme_documents_every_event_field():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in field_names(Event):
        assert f"`{name}`" in readme, (
            f"event field {name} is not documented in the README"
        )


def test_readme_starts_with_the_two_commands():
    head = (ROOT / "README.md").read_text(encoding="utf-8")[:1500]
    assert "dateline ingest docs/samples" in head
    assert "pytest" in head
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = next(
        line for line in head.splitlines() if "pytest" in line and "pip install" in line
    )
    assert test_command.strip().strip("`") in ci, (
        ".ci/run does not run the README's test command"
    )
