"""Print the place errors of the real-news dev half: gold place, coded place, distance.

A reading aid for tuning places on the dev half (never the sealed test half):

    .venv/bin/python scripts/place_errors.py eval/news/dev/*.gold.jsonl > /tmp/places.txt
    .venv/bin/python scripts/place_errors.py eval/news/dev/fr.gold.jsonl --save /tmp/fr.jsonl

Each matched event whose gold has a coordinate is printed with the gold place,
the coded place (name, text, country, precision, kind, flags) and the distance
in km; ``OK`` within 25 km, ``NEAR`` within 161 km, ``FAR`` beyond, ``NONE``
when the event has no place. A summary per language closes the listing.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from dateline import evaluate as ev
from dateline.gazetteer import distance_km
from dateline.model import Event, to_json_dict
from dateline.pipeline import Coder
from dateline.settings import Settings
from dateline.train import read_gold_documents


def _verdict(gold: ev.GoldEvent, event: Event) -> tuple[str, float | None]:
    place = event.location
    if place is None or place.lat is None or place.lon is None:
        return "NONE", None
    km = distance_km(gold.lat, gold.lon, place.lat, place.lon)  # type: ignore[arg-type]
    if km <= 25:
        return "OK", km
    return ("NEAR" if km <= 161 else "FAR"), km


def _coded(event: Event) -> str:
    p = event.location
    if p is None:
        return "-"
    flags = [f for f in event.flags if f.startswith("place")]
    return f"{p.name}|{p.text}|{p.country}|prec={p.precision}|{p.kind} {flags}"


def main() -> None:
    """Code the gold files' documents and print each matched event's place."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("gold", type=Path, nargs="+")
    parser.add_argument("--save", type=Path, default=None)
    parser.add_argument("--all", action="store_true", help="print right places too")
    args = parser.parse_args()
    coder = Coder(Settings())
    out = sys.stdout
    tally: dict[str, Counter[str]] = {}
    saved = args.save.open("w") if args.save else None
    for gold_path in args.gold:
        lang = gold_path.name.split(".")[0]
        gold, documents = read_gold_documents([gold_path], coder)
        predicted: list[Event] = []
        for result in coder.code_documents(documents):
            predicted.extend(result.events)
        if saved:
            for event in predicted:
                saved.write(json.dumps(to_json_dict(event), ensure_ascii=False) + "\n")
        counts = tally.setdefault(lang, Counter())
        for g, e in ev.match_gold(gold, predicted):
            if e is None or g.lat is None or g.lon is None:
                continue
            verdict, km = _verdict(g, e)
            counts[verdict] += 1
            if g.country is not None and (
                e.location is None or e.location.country != g.country
            ):
                counts["wrong_country"] += 1
                verdict += "+COUNTRY"
            if verdict == "OK" and not args.all:
                continue
            dist = "-" if km is None else f"{km:.0f}km"
            out.write(
                f"{verdict} {dist} {g.doc} {g.event_type} gold={g.location}|{g.country}"
                f"\n    got: {_coded(e)}\n    ev: {g.evidence}\n"
            )
    for lang, counts in sorted(tally.items()):
        out.write(f"{lang}: {dict(counts)}\n")


if __name__ == "__main__":
    main()
