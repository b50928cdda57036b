"""Exports as analysts load them: spreadsheets, pandas, other coders' tools."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from dateline.cli import cli
from dateline.export import ExportContext, write_events
from dateline.resources import Resources
from dateline.store import open_store

from .conftest import (
    CR,
    HYPERLINK,
    MINUS,
    PLUS,
    SUM,
    TAB,
    assert_no_formula,
    formula_records,
    read_csv,
)


@pytest.mark.parametrize("fmt", ["csv", "acled"])
def test_csv_export_never_hands_a_spreadsheet_a_formula(fmt, resources: Resources):
    stored, event = formula_records()
    out = io.StringIO(newline="")
    context = ExportContext(resources, {stored.document.id: stored.document})
    write_events(fmt, [event], out, context)
    rows = read_csv(out.getvalue())
    assert len(rows) == 1
    assert_no_formula(rows, fmt)
    # Round trip: the quote is the only change; dropping it gives the text back.
    actor_column = "actor" if fmt == "csv" else "actor1"
    assert rows[0][actor_column] == "'" + HYPERLINK
    assert rows[0][actor_column][1:] == HYPERLINK, "the actor's name was altered"
    # Numbers stay numbers: a negative longitude is not a formula.
    lon_column = "lon" if fmt == "csv" else "longitude"
    assert rows[0][lon_column] == "-4.19", "a negative longitude lost its sign"


def test_every_formula_start_is_guarded(resources: Resources):
    _, event = formula_records()
    out = io.StringIO(newline="")
    write_events("csv", [event], out, ExportContext(resources))
    (row,) = read_csv(out.getvalue())
    assert row["target"] == "'" + MINUS
    assert row["location"] == "'" + TAB
    assert row["attributed_to"] == "'" + SUM
    assert row["evidence"] == "'" + PLUS
    assert row["flags"] == "'" + CR


@pytest.fixture
def formula_db(tmp_path: Path) -> Path:
    db = tmp_path / "formula.db"
    store = open_store(str(db))
    stored, event = formula_records()
    store.add_batch(store.add_run("{}"), [stored], [event])
    store.close()
    return db


@pytest.mark.parametrize(
    "command",
    [
        ["export", "--format", "acled"],
        ["export", "--format", "csv"],
        ["events", "--format", "csv"],
        ["incidents", "--format", "csv", "--rebuild"],
    ],
)
def test_cli_csv_outputs_are_formula_safe(command, formula_db):
    result = CliRunner().invoke(cli, [*command, "--db", str(formula_db), "--quiet"])
    assert result.exit_code == 0, result.output
    rows = read_csv(result.stdout)
    assert rows, f"{command} wrote no rows"
    assert_no_formula(rows, " ".join(command))


def test_extract_csv_of_an_article_starting_with_a_formula(tmp_path: Path):
    article = tmp_path / "article.txt"
    article.write_text(
        "Clashes in the north\n\n"
        + HYPERLINK
        + " Soldiers shelled the town of Djibo on Tuesday, killing two people, "
        "the army said.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli,
        ["extract", str(article), "--published", "2024-03-14", "--format", "csv"],
    )
    assert result.exit_code == 0, result.output
    rows = read_csv(result.stdout)
    assert rows, "the shelling gave no event"
    assert_no_formula(rows, "extract --format csv")
    assert any(r["evidence"].startswith("'" + HYPERLINK) for r in rows)
