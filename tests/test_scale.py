"""The Dask path codes shards exactly as the single-process path does."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from dateline.export import flat_row
from dateline.model import Event, from_json_dict
from dateline.pipeline import Coder
from dateline.scale import RECORD_COLUMN, code_shards, code_shards_locally

pytestmark = pytest.mark.dask

distributed = pytest.importorskip("distributed")
pq = pytest.importorskip("pyarrow.parquet")
pa = pytest.importorskip("pyarrow")

ROOT = Path(__file__).resolve().parent.parent
WIRE = ROOT / "docs" / "samples" / "002_wire.jsonl"

# Short documents written for this test: several countries, voices and sources.
OUR_DOCS = [
    {
        "id": "scale-01",
        "published": "2024-05-06",
        "title": "Checkpoint attacked",
        "text": "Militants attacked an army checkpoint near Djibo on Sunday, "
        "killing four soldiers, the army said in a statement.",
    },
    {
        "id": "scale-02",
        "published": "2024-05-07",
        "text": "Police fired tear gas at protesters in Nairobi on Tuesday. "
        "Witnesses said 12 people were arrested.",
    },
    {
        "id": "scale-03",
        "published": "2024-05-08",
        "text": "A drone strike hit a fuel depot in Belgorod overnight, the regional "
        "governor said. Two workers were injured.",
    },
    {
        "id": "scale-04",
        "published": "2024-05-09",
        "text": "Gunmen abducted 15 students from a school in Zamfara state on "
        "Friday, according to police.",
    },
    {
        "id": "scale-05",
        "published": "2024-05-10",
        "text": "Des hommes armés ont attaqué un village près de Mopti mardi, "
        "selon des sources locales.",
    },
    {
        "id": "scale-06",
        "published": "2024-05-11",
        "text": "Israeli jets struck a weapons depot in southern Lebanon on "
        "Thursday, the military said; two people were wounded near Nabatieh.",
    },
    {
        "id": "scale-07",
        "published": "2024-05-12",
        "text": "Russian forces shelled Kupiansk overnight, damaging a school, "
        "the regional governor wrote on Telegram.",
    },
]


def _jsonl(path: Path, docs: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    return path


@pytest.fixture
def shards(tmp_path: Path) -> list[Path]:
    """Four shards: the bundled wire sample, two of ours, and one as Parquet."""
    folder = tmp_path / "shards"
    folder.mkdir()
    wire = shutil.copy(WIRE, folder / "wire.jsonl")
    first = _jsonl(folder / "ours-a.jsonl", OUR_DOCS[:3])
    # A line that is not a document is skipped, not fatal.
    second = _jsonl(folder / "ours-b.jsonl", OUR_DOCS[3:5])
    with second.open("a", encoding="utf-8") as out:
        out.write('{"id": "broken", "text": 42}\n')
    table = pa.Table.from_pylist(
        [{**d, "url": None, "language": None} for d in OUR_DOCS[5:]]
    )
    parquet = folder / "ours-c.parquet"
    pq.write_table(table, parquet)
    return [Path(wire), first, second, parquet]


@pytest.fixture(scope="module")
def cluster() -> Iterator[distributed.LocalCluster]:
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as local:
        yield local


def _events(path: Path) -> list[dict[str, object]]:
    return pq.read_table(path).to_pylist()


def test_dask_gives_the_same_events_as_one_process(
    shards: list[Path],
    tmp_path: Path,
    cluster: distributed.LocalCluster,
    coder: Coder,
) -> None:
    local = code_shards_locally(shards, tmp_path / "local", coder=coder)
    spread = code_shards(
        shards,
        tmp_path / "dask",
        scheduler=cluster.scheduler_address,
        settings=coder.settings,
    )
    assert [p.name for p in spread] == [p.name for p in local]
    assert all(p.exists() for p in spread), "a shard's events file is missing"
    total = 0
    for one, many in zip(local, spread, strict=True):
        expected, got = _events(one), _events(many)
        assert [r["event_id"] for r in got] == [r["event_id"] for r in expected], (
            f"{many.name}: Dask coded other events than one process"
        )
        assert [r[RECORD_COLUMN] for r in got] == [
            r[RECORD_COLUMN] for r in expected
        ], f"{many.name}: the same events differ between Dask and one process"
        assert got == expected, f"{many.name}: flat columns differ"
        total += len(got)
    assert total >= 5, "too few events coded for the comparison to mean anything"


def test_events_file_has_the_flat_columns_and_the_full_record(
    shards: list[Path], tmp_path: Path, coder: Coder
) -> None:
    (wire, *_rest) = code_shards_locally(shards[:1], tmp_path / "out", coder=coder)
    rows = _events(wire)
    assert rows, "the wire sample gave no events"
    for row in rows:
        event = from_json_dict(Event, json.loads(str(row[RECORD_COLUMN])))
        assert {k: v for k, v in row.items() if k != RECORD_COLUMN} == flat_row(
            event
        ), "a flat column disagrees with the event record"
    columns = pq.read_schema(wire).names
    assert columns == [*flat_row(event).keys(), RECORD_COLUMN]


def test_a_parquet_shard_codes_like_the_same_json_lines(
    shards: list[Path], tmp_path: Path, coder: Coder
) -> None:
    as_jsonl = _jsonl(tmp_path / "same.jsonl", OUR_DOCS[5:])
    (from_parquet,) = code_shards_locally([shards[3]], tmp_path / "pq", coder=coder)
    (from_jsonl,) = code_shards_locally([as_jsonl], tmp_path / "jl", coder=coder)
    strip = lambda rows: [  # noqa: E731
        {**json.loads(str(r[RECORD_COLUMN])), "doc_id": r["doc_id"]} for r in rows
    ]
    got, expected = strip(_events(from_parquet)), strip(_events(from_jsonl))
    assert got == expected, "Parquet input was read differently from JSON lines"
    assert got, "no events from the Parquet shard"


def test_two_shards_with_one_output_name_are_refused(
    tmp_path: Path, coder: Coder
) -> None:
    a = tmp_path / "a"
    b = tmp_path / "b"
    a.mkdir()
    b.mkdir()
    shards = [
        _jsonl(a / "day.jsonl", OUR_DOCS[:1]),
        _jsonl(b / "day.jsonl", OUR_DOCS[1:2]),
    ]
    with pytest.raises(Exception, match="same output name"):
        code_shards_locally(shards, tmp_path / "out", coder=coder)


@pytest.mark.dask
def test_extract_engine_dask_writes_one_parquet_per_shard(tmp_path):
    from click.testing import CliRunner

    from dateline.cli import cli

    lines = (
        (ROOT / "docs" / "samples" / "002_wire.jsonl")
        .read_text(encoding="utf-8")
        .splitlines()
    )
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    second.write_text("\n".join(lines[2:]) + "\n", encoding="utf-8")
    out = tmp_path / "events"
    result = CliRunner().invoke(
        cli, ["extract", str(first), str(second), "--engine", "dask", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "a.events.parquet",
        "b.events.parquet",
    ]
