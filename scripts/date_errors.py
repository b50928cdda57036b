"""Print the date errors of the real-news dev half: gold date, coded date, cause.

A reading aid for tuning dates on the dev half (never the sealed test half):

    .venv/bin/python scripts/date_errors.py eval/news/dev/*.gold.jsonl > /tmp/dates.txt
    .venv/bin/python scripts/date_errors.py eval/news/dev/fr.gold.jsonl --all

Each matched event whose gold has a date is printed when its coded date is
wrong: the gold date, the coded date with its precision and text, how the date
was filled (its own time, or ``date_from_context``, ``date_from_story``,
``date_from_publication``), the days between them, the event's time mentions,
its sentence and the gold evidence. A summary per language and per cause
closes the listing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections import Counter
from pathlib import Path

from dateline import evaluate as ev
from dateline.model import Event
from dateline.pipeline import Coder
from dateline.settings import Settings
from dateline.train import read_gold_documents


def _cause(event: Event) -> str:
    """How the coded date was filled."""
    if event.date is None:
        return "none"
    flags = [f for f in event.flags if f.startswith("date_")]
    return flags[0] if flags else "own"


def _offset(gold: str, event: Event) -> str:
    """Days from the gold day to the coded start ("+2": coded two days later)."""
    if event.date is None:
        return "-"
    first, _, last = gold.partition("/")
    if last:
        return "gold-range"
    days = (event.date.start - dt.date.fromisoformat(first)).days
    return f"{days:+d}"


def main() -> None:
    """Code the gold files' documents and print each matched event's date."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("gold", type=Path, nargs="+")
    parser.add_argument("--all", action="store_true", help="print right dates too")
    args = parser.parse_args()
    coder = Coder(Settings())
    out = sys.stdout
    tally: dict[str, Counter[str]] = {}
    causes: Counter[str] = Counter()
    for gold_path in args.gold:
        lang = gold_path.name.split(".")[0]
        gold, documents = read_gold_documents([gold_path], coder)
        published = {d.id: d.published for d in documents}
        predicted: list[Event] = []
        for result in coder.code_documents(documents):
            predicted.extend(result.events)
        counts = tally.setdefault(lang, Counter())
        for g, e in ev.match_gold(gold, predicted):
            if e is None or g.date is None:
                continue
            right = bool(ev.field_right(g, e)["date"])
            cause = _cause(e)
            counts["right" if right else "wrong"] += 1
            if right and not args.all:
                continue
            if not right:
                causes[cause] += 1
            coded = "-"
            if e.date is not None:
                coded = (
                    f"{e.date.start}/{e.date.end} {e.date.precision} {e.date.text!r}"
                )
            times = [m.text for m in e.mentions if m.kind == "time"]
            verdict = "OK" if right else "WRONG"
            out.write(
                f"{verdict} {cause} {_offset(g.date, e)} {g.doc} {g.event_type}"
                f" pub={published.get(g.doc)} gold={g.date}\n"
                f"    got: {coded} times={times}\n"
                f"    sent: {e.evidence.text[:300]!r}\n"
                f"    gold ev: {(g.evidence or '')[:300]!r}\n"
            )
    for lang, counts in sorted(tally.items()):
        total = counts["right"] + counts["wrong"]
        out.write(f"{lang}: {counts['right']}/{total} right\n")
    out.write(f"wrong by cause: {dict(causes.most_common())}\n")


if __name__ == "__main__":
    main()
