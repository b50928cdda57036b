"""The real-news corpus (eval/news) keeps the codebook's checks and its size.

The checks are those of ../shared/ANNOTATION.md ("Checks every gold file
passes"), plus coordinates in range and the counts issue 14 asks for.
"""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from pathlib import Path

import pytest

from .conftest import ROOT

NEWS = ROOT / "eval" / "news"
LANGUAGES = ("ar", "de", "es", "fa", "fr", "pt", "ru", "tr", "uk")


def _build_module():
    spec = importlib.util.spec_from_file_location("news_build", NEWS / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rows(paths: list[Path]) -> list[dict]:
    return [
        json.loads(line)
        for path in paths
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


@pytest.fixture(scope="module")
def halves() -> dict[str, tuple[list[dict], list[dict]]]:
    out = {}
    for half in ("dev", "test"):
        docs = _rows(sorted((NEWS / half).glob("*.docs.jsonl")))
        gold = _rows(sorted((NEWS / half).glob("*.gold.jsonl")))
        out[half] = (docs, gold)
    return out


def test_every_gold_file_passes_the_codebook_checks(halves):
    check = _build_module().check_corpus
    for half, (docs, gold) in halves.items():
        problems = check(docs, gold)
        assert not problems, f"eval/news/{half}: " + "; ".join(problems[:10])


def test_halves_are_split_by_article(halves):
    dev_ids = {d["id"] for d in halves["dev"][0]}
    test_ids = {d["id"] for d in halves["test"][0]}
    assert not dev_ids & test_ids, "an article is in both halves"
    dev_texts = {d["text"] for d in halves["dev"][0]}
    assert not dev_texts & {d["text"] for d in halves["test"][0]}, (
        "the same text is in both halves"
    )


def test_the_corpus_has_the_size_issue_14_asks_for(halves):
    docs = halves["dev"][0] + halves["test"][0]
    gold = halves["dev"][1] + halves["test"][1]
    languages = Counter(d["language"] for d in docs)
    assert len(docs) >= 240 and len(gold) >= 600, (len(docs), len(gold))
    assert languages["en"] >= 120, languages
    for lang in LANGUAGES:
        assert languages[lang] >= 12, f"only {languages[lang]} {lang} articles"
    countries = {g["country"] for g in gold if g["country"]}
    assert len(countries) >= 30, sorted(countries)
    other = sum(g["event_type"] != "ASSAULT" for g in gold)
    assert other >= 0.3 * len(gold), (
        f"{other} of {len(gold)} gold events are not ASSAULT"
    )
    docs_per_group: dict[str, set[str]] = {}
    for g in gold:
        if g["incident"]:
            docs_per_group.setdefault(g["incident"], set()).add(g["doc"])
    real_groups = [k for k, v in docs_per_group.items() if len(v) > 1]
    assert len(real_groups) >= 20, f"{len(real_groups)} incident groups"


def test_the_test_half_is_about_a_third(halves):
    dev, test = len(halves["dev"][0]), len(halves["test"][0])
    assert 0.25 <= test / (dev + test) <= 0.4, (dev, test)


def test_every_article_is_a_real_page_with_its_address(halves):
    for docs, _ in halves.values():
        for d in docs:
            assert d["url"].startswith(("http://", "https://")), d["id"]
            assert d["published"] is None or len(d["published"]) == 10, d["id"]


def test_cross_batch_links_join_batch_groups_and_listed_events():
    apply_links = _build_module().apply_links

    def event(doc, evidence, incident=None):
        return {
            "doc": doc,
            "event_type": "ASSAULT",
            "evidence": evidence,
            "incident": incident,
        }

    gold = [
        event("a-001", "A drone hit the mosque.", "a-inc-1"),
        event("a-002", "The mosque was struck.", "a-inc-1"),
        event("b-007", "Drone strike on a mosque kills 75."),
        event("b-008", "Unrelated clash in the north."),
    ]
    link = {
        "incident": "xl-001",
        "events": [
            {
                "doc": "a-001",
                "event_type": "ASSAULT",
                "evidence": "A drone hit the mosque.",
            },
            {
                "doc": "b-007",
                "event_type": "ASSAULT",
                "evidence": "Drone strike on a mosque kills 75.",
            },
        ],
    }
    assert apply_links(gold, [link]) == []
    assert [g["incident"] for g in gold] == ["xl-001", "xl-001", "xl-001", None]
    stale = {
        "incident": "xl-002",
        "events": [{"doc": "c-001", "event_type": "ASSAULT", "evidence": "x"}],
    }
    assert apply_links(gold, [stale]) == ["link xl-002: no gold event c-001 ASSAULT"]
    # One sentence, two strikes: the link names the one it means by its place.
    two = [
        event("d-001", "Strikes hit X and Y.") | {"location": "X"},
        event("d-001", "Strikes hit X and Y.") | {"location": "Y"},
    ]
    narrowed = {
        "incident": "xl-003",
        "events": [
            {
                "doc": "d-001",
                "event_type": "ASSAULT",
                "evidence": "Strikes hit X and Y.",
                "location": "Y",
            }
        ],
    }
    assert apply_links(two, [narrowed]) == []
    assert [g["incident"] for g in two] == [None, "xl-003"]
