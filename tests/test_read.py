import datetime as dt
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.errors import InputError
from dateline.model import Document
from dateline.read import read_file, read_inputs

from .conftest import SAMPLES

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Shelling in Kharkiv | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2022-05-04T08:00:00Z"></head>
<body><nav><a href="/">Home</a><a href="/sport">Sport</a></nav>
<article><h1>Shelling in Kharkiv</h1>
<p>Russian artillery shelled a residential district of Kharkiv on Tuesday, killing three civilians, the regional governor said.</p>
<p>Emergency crews worked through the night to clear the rubble from two damaged apartment blocks.</p>
<p>PayPal: donate@example.org</p>
<p>Disclaimer: The contents of this article are of sole responsibility of the author.</p>
<p>The author is responsible for everything after the disclaimer too.</p>
</article><footer>Copyright Example News</footer></body></html>"""


def _read(tmp_path: Path, name: str, data: bytes, furniture, published=None):
    path = tmp_path / name
    path.write_bytes(data)
    return list(read_file(path, furniture, published))


def test_html_keeps_the_article_and_drops_navigation_and_furniture(tmp_path, furniture):
    (doc,) = _read(tmp_path, "page.html", PAGE.encode(), furniture)
    assert isinstance(doc, Document)
    assert "Russian artillery shelled" in doc.text
    assert "Sport" not in doc.text, "navigation leaked into the article text"
    assert "PayPal" not in doc.text and "Disclaimer" not in doc.text, (
        "site furniture kept"
    )
    assert "after the disclaimer" not in doc.text, "text after a page trailer kept"
    assert doc.title == "Shelling in Kharkiv"
    assert doc.outlet == "Example News"


def test_html_publication_date_comes_from_page_metadata(tmp_path, furniture):
    (doc,) = _read(tmp_path, "page.html", PAGE.encode(), furniture)
    assert (doc.published, doc.published_from) == (dt.date(2022, 5, 4), "metadata")


def test_caller_date_wins_over_page_metadata(tmp_path, furniture):
    (doc,) = _read(tmp_path, "page.html", PAGE.encode(), furniture, dt.date(2022, 5, 5))
    assert (doc.published, doc.published_from) == (dt.date(2022, 5, 5), "caller")


def test_document_id_is_a_content_hash(tmp_path, furniture):
    (a,) = _read(
        tmp_path,
        "a.txt",
        b"Police arrested two men in Lagos.\n\nThey were released later.",
        furniture,
    )
    (b,) = _read(
        tmp_path,
        "b.txt",
        b"Police arrested two men in Lagos.\n\nThey were released later.",
        furniture,
    )
    assert a.id == b.id


def test_jsonl_documents_keep_their_ids_and_bad_lines_are_reported(tmp_path, furniture):
    lines = [
        '{"id": "d1", "text": "Gunmen killed two farmers in Benue.", "published": "2023-01-02"}',
        "not json at all",
        '{"id": "d2"}',
        '{"id": "d3", "html": "<html><body><article><p>Protesters marched in Nairobi on Monday against new taxes, organisers said.</p></article></body></html>"}',
    ]
    results = _read(tmp_path, "docs.jsonl", "\n".join(lines).encode(), furniture)
    docs = [r for r in results if isinstance(r, Document)]
    errors = [r for r in results if isinstance(r, InputError)]
    assert [d.id for d in docs] == ["d1", "d3"]
    assert docs[0].published == dt.date(2023, 1, 2)
    assert [e.source for e in errors] == [
        f"{tmp_path / 'docs.jsonl'}:2",
        f"{tmp_path / 'docs.jsonl'}:3",
    ]


def test_bad_files_are_reported_and_the_others_still_read(tmp_path, furniture):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "good.txt").write_text(
        "Troops withdrew from the town of Bakhmut.", encoding="utf-8"
    )
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.bin").write_bytes(b"\x00\x01\x02\x03" * 100)
    (folder / "latin1.txt").write_bytes(
        "Des soldats ont été tués à Ménaka.".encode("latin-1")
    )
    results = list(read_inputs([str(folder), str(tmp_path / "missing.txt")], furniture))
    docs = [r for r in results if isinstance(r, Document)]
    reasons = {
        Path(e.source).name: e.reason for e in results if isinstance(e, InputError)
    }
    assert len(docs) == 1
    assert reasons == {
        "binary.bin": "binary file, not text",
        "empty.txt": "empty",
        "latin1.txt": "not UTF-8 and no charset declared",
        "missing.txt": "no such file or folder",
    }


def test_html_with_declared_charset_is_decoded(tmp_path, furniture):
    page = '<html><head><meta charset="windows-1252"></head><body><article><p>Soldiers were killed near Ménaka on Sunday, the army said in a statement.</p></article></body></html>'
    (doc,) = _read(tmp_path, "p.html", page.encode("cp1252"), furniture)
    assert isinstance(doc, Document) and "Ménaka" in doc.text


def test_seed_boilerplate_is_not_article_text(furniture):
    from .conftest import SEED

    (doc,) = list(read_file(SEED, furniture))
    for furniture_text in (
        "PayPal",
        "Disclaimer",
        "Note to readers",
        "Articles by",
        "27 languages",
        "media inquiries",
    ):
        assert furniture_text not in doc.text, (
            f"boilerplate {furniture_text!r} kept in the article text"
        )
    assert doc.author == "South Front"
    assert "Russia reportedly carried out" in doc.text


def test_bundled_samples_all_read(furniture):
    results = list(read_inputs([str(SAMPLES)], furniture))
    assert results and all(isinstance(r, Document) for r in results), [
        r for r in results if not isinstance(r, Document)
    ]


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.binary(max_size=3000),
    suffix=st.sampled_from([".txt", ".html", ".jsonl", ""]),
)
def test_any_bytes_give_documents_or_one_clear_error(tmp_path, furniture, data, suffix):
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    for result in read_file(path, furniture):
        assert isinstance(result, Document | InputError)
        if isinstance(result, InputError):
            assert result.reason and "\n" not in str(result)
        else:
            assert result.text.strip()


def _outcome(results: list[Document | InputError]) -> dict[str, str]:
    """Each result by where it came from: 'doc:<id>' or the error's reason."""
    return {
        (r.source if isinstance(r, InputError) else r.path or r.id): (
            r.reason if isinstance(r, InputError) else f"doc:{r.id}"
        )
        for r in results
    }


def test_a_second_document_under_a_used_id_is_an_error_not_a_merge(tmp_path, furniture):
    lines = [
        '{"id": "a", "text": "Gunmen attacked a village near Mopti on Monday."}',
        '{"id": "b", "text": "Protesters rallied in Nairobi on Tuesday."}',
        '{"id": "a", "text": "An air strike hit a market in Yemen on Friday."}',
    ]
    path = tmp_path / "wire.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    results = list(read_inputs([str(path)], furniture))
    docs = [r for r in results if isinstance(r, Document)]
    assert [d.id for d in docs] == ["a", "b"]
    assert "Mopti" in docs[0].text, "the first article under id 'a' was replaced"
    reason = _outcome(results)[f"{path}:3"]
    assert reason == f"duplicate id 'a', already used by {path}:1"


def test_the_same_text_twice_in_a_batch_is_read_once(tmp_path, furniture):
    text = "Gunmen attacked a village near Mopti on Monday, officials said."
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(text, encoding="utf-8")
    results = list(read_inputs([str(tmp_path)], furniture))
    assert len([r for r in results if isinstance(r, Document)]) == 1
    assert _outcome(results)[str(tmp_path / "b.txt")] == (
        f"same document as {tmp_path / 'a.txt'}"
    )


@pytest.mark.parametrize(
    "fragment",
    [
        "<p>Rebels seized the town of Bunagana in eastern Congo on Friday, "
        "residents said.</p>",
        "<div><p>Rebels seized the town of Bunagana in eastern Congo on Friday, "
        "residents said.</p><p>The army withdrew.</p></div>",
    ],
)
def test_a_json_line_with_html_goes_through_the_html_extractor(
    tmp_path, furniture, fragment
):
    path = tmp_path / "pages.jsonl"
    path.write_text(
        '{"id": "frag", "html": ' + json.dumps(fragment) + "}", encoding="utf-8"
    )
    (doc,) = read_inputs([str(path)], furniture)
    assert isinstance(doc, Document), f"the HTML line was refused: {doc}"
    assert doc.id == "frag"
    assert doc.text.startswith("Rebels seized the town of Bunagana")
    assert "<p>" not in doc.text


def test_what_is_not_a_regular_file_is_named_and_never_opened(tmp_path, furniture):
    (tmp_path / "good.txt").write_text(
        "Gunmen attacked a village near Mopti on Monday.", encoding="utf-8"
    )
    os.mkfifo(tmp_path / "fifo")
    os.symlink("loop", tmp_path / "loop")
    os.symlink("gone.txt", tmp_path / "dangling")
    (tmp_path / ".hidden").write_text("Soldiers shelled Djibo.", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    os.symlink("..", tmp_path / "sub" / "parent")
    outcome = _outcome(list(read_inputs([str(tmp_path)], furniture)))
    assert outcome[str(tmp_path / "good.txt")].startswith("doc:")
    assert outcome[str(tmp_path / "fifo")].startswith("named pipe (FIFO)")
    assert outcome[str(tmp_path / "loop")] == "symlink loop"
    assert outcome[str(tmp_path / "dangling")].startswith("dangling symlink")
    assert outcome[str(tmp_path / ".hidden")] == "hidden file, not read"
    assert outcome[str(tmp_path / "sub" / "parent")].startswith("link to a folder")
    assert len(outcome) == 6, f"an input went unreported: {outcome}"


def test_a_date_metadata_line_run_into_the_lede_is_cut_off(tmp_path, furniture):
    (doc,) = _read(
        tmp_path,
        "lede.txt",
        b"date 2023-05-02 Gunmen attacked a bus in Zamfara on Monday.\n\n"
        b"Police said five people died.",
        furniture,
    )
    assert isinstance(doc, Document)
    assert doc.text.startswith("Gunmen attacked"), f"metadata kept: {doc.text[:30]!r}"
    assert doc.published == dt.date(2023, 5, 2), "the cut-off date was lost"
