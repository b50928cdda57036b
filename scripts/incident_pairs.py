"""Read the incident merge's errors on a gold set, pair by pair (dev half only).

Codes the articles of the given gold files once (the events are cached in a
JSON-lines file, so rules can be tuned without coding again), clusters the
coded events with the current rules, scores the merge as ``dateline eval``
does (event by event, then item by item: the pairwise and B-cubed figures of
its incidents line), and prints every gold pair across articles that the
merge split (with the first rule that kept the two reports apart) and every
pair it joined wrongly (with the link's reasons).

    python scripts/incident_pairs.py eval/news/dev/*.gold.jsonl \
        --cache /tmp/dev-events.jsonl

Never run it on eval/news/test: that half is sealed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from dateline.evaluate import (
    gold_incident_items,
    match_gold,
    score_incident_pairs,
)
from dateline.incidents import (
    Clusterer,
    build_incident,
    load_rules,
    predicted_incidents,
    score_clusters,
)
from dateline.incidents.compare import compare, explain_conflict, profile_of
from dateline.model import DocumentSource, Event, from_json_dict, to_json_dict
from dateline.pipeline import Coder
from dateline.train import read_gold_documents


def _coded(gold_paths: list[Path], coder: Coder, cache: Path | None) -> list[Event]:
    if cache is not None and cache.exists():
        return [
            from_json_dict(Event, json.loads(line))
            for line in cache.read_text(encoding="utf-8").splitlines()
        ]
    _, documents = read_gold_documents(gold_paths, coder)
    events = [e for r in coder.code_documents(documents) for e in r.events]
    if cache is not None:
        cache.write_text(
            "".join(
                json.dumps(to_json_dict(e), ensure_ascii=False) + "\n" for e in events
            ),
            encoding="utf-8",
        )
    return events


def _describe(event: Event) -> str:
    actor = event.actor.name if event.actor else "-"
    target = event.target.name if event.target else "-"
    place = event.location
    where = (
        f"{place.name}/{place.country}/p{place.precision}/g{place.geonameid}"
        if place
        else "-"
    )
    when = (
        f"{event.date.start}..{event.date.end}/{event.date.precision}"
        if event.date
        else "-"
    )
    return (
        f"{event.doc_id} {event.event_type} [{actor} -> {target}] @ {where} {when} "
        f"src={event.attributed_to_id or event.attributed_to}"
    )


def main() -> int:
    """Print the split and wrongly joined gold pairs of the given gold files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="+", type=Path)
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--quiet", action="store_true", help="scores only")
    args = parser.parse_args()
    if any("test" in p.parts for p in args.gold):
        parser.error("the test half is sealed: read errors on dev only")
    coder = Coder()
    gold, documents = read_gold_documents(args.gold, coder)
    events = _coded(args.gold, coder, args.cache)
    sources = {
        d.id: DocumentSource(doc_id=d.id, outlet=d.outlet, published=d.published)
        for d in documents
    }
    rules = load_rules(coder.settings, coder.resources)
    clusterer = Clusterer(rules)
    clusterer.add(events, sources)
    incident_of = {
        e.event_id: i for i in clusterer.incident_ids() for e, _ in clusterer.members(i)
    }
    print(json.dumps(score_incident_pairs(gold, events, incident_of)))
    # The item scores of `dateline eval`'s incidents line (pairwise, B-cubed).
    items = gold_incident_items(gold)
    incidents = [
        build_incident(i, clusterer.members(i), sources, rules)
        for i in clusterer.incident_ids()
    ]
    item_scores = score_clusters(
        {(g.doc, g.event_type): g.incident for g in items},
        predicted_incidents(items, incidents),
    )
    print(json.dumps({k: round(v, 3) for k, v in item_scores.items()}))
    if args.quiet:
        return 0
    published = {d.id: d.published for d in documents}
    matched = [(g, e) for g, e in match_gold(gold, events) if e is not None]
    why_split: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    across: Counter[bool] = Counter()
    for i, (g, e) in enumerate(matched):
        for h, f in matched[i + 1 :]:
            if g.doc == h.doc:
                continue
            same_gold = bool(g.incident) and g.incident == h.incident
            same = incident_of[e.event_id] == incident_of[f.event_id]
            if same_gold == same:
                continue
            a = profile_of(e, rules, published.get(e.doc_id))
            b = profile_of(f, rules, published.get(f.doc_id))
            if same_gold:
                why = explain_conflict(a, b) or "fits, but joined another incident"
                rule = why.split(":")[0]
                if rule == "evidence" and "undated:" in why:
                    # A report with no date in an article with no date: the
                    # input's gap more than the merge's (see the README).
                    rule = "evidence (undated)"
                why_split[rule] += 1
                print(f"SPLIT {g.incident}: {why}")
            else:
                labelled = bool(g.incident) and bool(h.incident)
                wrong["both labelled" if labelled else "one unlabelled"] += 1
                # Each annotator labelled the incidents of one batch only
                # (doc ids "en-ae-017": batch "en-ae"): a pair across batches
                # is never a gold pair, even when it is one story.
                batches = {d.rsplit("-", 1)[0] for d in (g.doc, h.doc)}
                across[len(batches) > 1] += 1
                link = compare(a, b)
                reasons = "; ".join(link.reasons[1:]) if link else "(via others)"
                print(f"WRONG {g.incident} / {h.incident}: {reasons}")
            print(f"   {_describe(e)}\n   {_describe(f)}")
            print(f"   gold: {g.evidence[:90]!r}\n         {h.evidence[:90]!r}")
    print("split:", dict(why_split.most_common()), file=sys.stderr)
    # A wrong pair with an unlabelled event is often the same story in an
    # article of another annotator's batch, which labelled only its own.
    print("joined wrongly:", dict(wrong.most_common()), file=sys.stderr)
    print(
        f"joined wrongly: {across[True]} across annotators' batches, "
        f"{across[False]} within one",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
