"""How far two annotators agree on the same real-news articles (dev half only).

    .venv/bin/python scripts/agreement.py eval/news/agreement/second.gold.jsonl

A second annotator, with only the codebook and the articles, coded 30 dev
articles again (``eval/news/agreement/``). This script scores the second
coding against the first (``eval/news/dev/``) with the scorer's own pairing
(same type, and the actor or the target named alike), so the figures read like
dateline's: how much of one annotator's gold the other finds, and how often
their fields agree. It is the ceiling a coder can be expected to reach.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from dateline.evaluate.events import _names_match
from dateline.evaluate.gold import GoldEvent, read_gold_events
from dateline.gazetteer import distance_km

ROOT = Path(__file__).resolve().parents[1]


def _same(a: GoldEvent, b: GoldEvent) -> bool:
    if a.event_type != b.event_type:
        return False
    actor = (
        a.actor is not None
        and b.actor is not None
        and _names_match([a.actor, *a.actor_aliases], [b.actor, *b.actor_aliases])
    )
    target = (
        a.target is not None
        and b.target is not None
        and _names_match([a.target, *a.target_aliases], [b.target, *b.target_aliases])
    )
    return actor or target


def _fields(a: GoldEvent, b: GoldEvent) -> dict[str, bool | None]:
    def near(km: float) -> bool | None:
        if a.lat is None or a.lon is None:
            return None
        if b.lat is None or b.lon is None:
            return False
        return distance_km(a.lat, a.lon, b.lat, b.lon) <= km

    return {
        "actor": _names_match(
            [a.actor or "", *a.actor_aliases], [b.actor or "", *b.actor_aliases]
        )
        if a.actor
        else b.actor is None,
        "date": None if a.date is None else a.date == b.date,
        "place_25km": near(25.0),
        "place_161km": near(161.0),
        "country": None if a.country is None else a.country == b.country,
        "fatalities": a.fatalities == b.fatalities,
        "certainty": a.certainty == b.certainty,
        "mode": (a.mode or None) == (b.mode or None),
    }


def main() -> int:
    """Score the second coding against the first and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("second", type=Path)
    args = parser.parse_args()
    second = read_gold_events(args.second)
    docs = {g.doc for g in second}
    first = [
        g
        for path in sorted((ROOT / "eval" / "news" / "dev").glob("*.gold.jsonl"))
        for g in read_gold_events(path)
        if g.doc in docs
    ]
    free = list(second)
    matched = 0
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for g in first:
        pair = next((s for s in free if s.doc == g.doc and _same(g, s)), None)
        if pair is None:
            continue
        free.remove(pair)
        matched += 1
        for name, ok in _fields(g, pair).items():
            if ok is not None:
                total[name] += 1
                right[name] += bool(ok)
    p = matched / len(second) if second else 0.0
    r = matched / len(first) if first else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    out = sys.stdout
    out.write(
        f"{len(docs)} articles: first coding {len(first)} events, second {len(second)}, "
        f"paired {matched}\n"
        f"  second against first: P {p:.3f}  R {r:.3f}  F1 {f1:.3f}\n"
        "  field agreement on paired events:\n"
    )
    for name in total:
        out.write(
            f"    {name:<13} {right[name] / total[name]:.3f}  ({total[name]} scored)\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
