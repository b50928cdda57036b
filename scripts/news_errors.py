"""Print the misses, false events and wrong fields of one real-news dev gold file.

A reading aid for tuning on the dev half (never the sealed test half):

    .venv/bin/python scripts/news_errors.py eval/news/dev/en.gold.jsonl > /tmp/en.txt
    .venv/bin/python scripts/news_errors.py eval/news/dev/en.gold.jsonl --only false

Each gold event is printed as MISS (no coded event pairs with it) or HIT with
the fields the scorer counts wrong; each coded event no gold event pairs with
as FALSE, with its evidence sentence. The coded events are also written to
``--save`` (JSON lines) so two runs can be compared with ``diff``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from dateline import evaluate as ev
from dateline.model import Event, to_json_dict
from dateline.pipeline import Coder
from dateline.read import Furniture, read_inputs
from dateline.settings import Settings


def _who(actor: object) -> str:
    if actor is None:
        return "-"
    return f"{getattr(actor, 'name', None)!s}|{getattr(actor, 'text', None)!s}"


def _where(event: Event) -> str:
    p = event.location
    if p is None:
        return "-"
    return f"{p.name}|{p.text}|{p.country}|{p.precision}"


def _when(event: Event) -> str:
    d = event.date
    if d is None:
        return "-"
    return f"{d.start}/{d.end}|{d.precision}"


def _line(event: Event) -> str:
    return (
        f"{event.event_type}/{event.mode} A={_who(event.actor)} "
        f"T={_who(event.target)} @ {_where(event)} on {_when(event)} "
        f"src={event.attributed_to} trig={event.trigger.text!r}"
    )


def _squash(text: str) -> str:
    return " ".join(text.split()).casefold()


def _same_sentence(gold: ev.GoldEvent, event: Event) -> bool:
    """True when the coded event's evidence and the gold evidence overlap."""
    a, b = _squash(gold.evidence or ""), _squash(event.evidence.text)
    if not a or not b:
        return False
    return a in b or b in a or a[:60] in b or b[:60] in a


def main() -> None:
    """Code the gold file's documents and print what the scorer counts wrong."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("gold", type=Path)
    parser.add_argument("--only", choices=["miss", "false", "fields"], default=None)
    parser.add_argument("--save", type=Path, default=None)
    args = parser.parse_args()
    docs_path = args.gold.with_name(args.gold.name.replace(".gold.", ".docs."))
    coder = Coder(Settings())
    furniture = Furniture.from_resources(coder.resources)
    documents = [d for d in read_inputs((str(docs_path),), furniture, None)]
    texts = {d.id: d.text for d in documents if hasattr(d, "text")}
    predicted: list[Event] = []
    dropped: list[Event] = []
    for result in coder.code_documents(documents):
        predicted.extend(result.events)
        dropped.extend(d.event for d in result.decisions if not d.kept)
    if args.save:
        with args.save.open("w") as fh:
            for e in predicted:
                fh.write(json.dumps(to_json_dict(e), ensure_ascii=False) + "\n")
    gold = ev.read_gold_events(args.gold)
    pairs = ev.match_gold(gold, predicted)
    paired = {id(e) for _, e in pairs if e is not None}
    out = sys.stdout
    wrong: Counter[str] = Counter()
    misses: Counter[str] = Counter()
    for g, e in pairs:
        head = (
            f"{g.doc} {g.event_type}/{g.mode} A={g.actor} {g.actor_aliases} "
            f"T={g.target} {g.target_aliases} @ {g.location}|{g.country} on {g.date}"
        )
        if e is None:
            near = [p for p in predicted if p.doc_id == g.doc and _same_sentence(g, p)]
            kind = "MISS-NONE"
            if any(p.event_type == g.event_type for p in near):
                kind = "MISS-ROLE"
            elif near:
                kind = "MISS-TYPE"
            misses[kind] += 1
            if args.only in (None, "miss"):
                out.write(f"{kind} {head}\n    ev: {g.evidence}\n")
                for p in near:
                    out.write(f"    near: {_line(p)}\n")
                for p in dropped:
                    if p.doc_id == g.doc and _same_sentence(g, p):
                        out.write(f"    dropped ({p.confidence:.2f}): {_line(p)}\n")
            continue
        bad = [k for k, v in ev.field_right(g, e).items() if v is False]
        wrong.update(bad)
        if args.only in (None, "fields") and bad:
            out.write(f"HIT {head}\n    got: {_line(e)}\n    wrong: {bad}\n")
    for e in predicted:
        if id(e) in paired or e.doc_id not in {g.doc for g in gold}:
            continue
        if args.only in (None, "false"):
            text = texts.get(e.doc_id, "")
            sentence = text[e.evidence.start : e.evidence.end]
            out.write(f"FALSE {e.doc_id} {_line(e)}\n    ev: {sentence}\n")
    scores = ev.score_events(gold, predicted).as_dict()
    out.write(json.dumps(scores, default=str)[:2000] + "\n")
    out.write(f"wrong fields on hits: {dict(wrong)}\n")
    out.write(f"misses: {dict(misses)}\n")


if __name__ == "__main__":
    main()
