"""A sentence's candidates, one per event type and mode (finder).

Reads the candidates the parser-free finder made from one sentence's
triggers; returns them merged: "frappes aériennes ... tuant 20 civils" is one
assault, its killing word and its roles filling in what the chosen trigger
lacks; two modes of one type ("incautó ... y arrestó") stay two events.
"""

from __future__ import annotations

from dataclasses import replace

from dateline.model import EventCandidate


def merge_same_type(candidates: list[EventCandidate]) -> list[EventCandidate]:
    """One candidate per event type in a sentence: the best-filled trigger wins.

    "frappes aériennes ... tuant 20 civils" is one assault; its killing word
    and its roles fill in what the chosen trigger lacks.
    """
    by_type: dict[str, list[EventCandidate]] = {}
    for candidate in candidates:
        by_type.setdefault(candidate.event_type, []).append(candidate)
    groups: list[list[EventCandidate]] = []
    for same_type in by_type.values():
        # Two modes of one type are two events ("incautó ... y arrestó"); a
        # trigger without a mode joins the nearest one with a mode.
        moded = [c for c in same_type if c.mode]
        if len({c.mode for c in moded}) <= 1:
            groups.append(same_type)
            continue
        by_mode: dict[str | None, list[EventCandidate]] = {}
        for c in same_type:
            anchor = (
                c
                if c.mode
                else min(moded, key=lambda m: abs(m.trigger.start - c.trigger.start))
            )
            by_mode.setdefault(anchor.mode, []).append(c)
        groups.extend(by_mode.values())
    out = []
    for group in groups:
        real = [c for c in group if not c.irrealis] or group
        # The earliest trigger with the most roles: later ones in the sentence
        # are often its instruments ("атаковали судно ... ракетой").
        best = max(real, key=lambda c: (c.actor is not None, c.target is not None))
        merged = replace(
            best,
            killing=any(c.killing for c in group),
            injuring=any(c.injuring for c in group),
            actor=best.actor or next((c.actor for c in real if c.actor), None),
            target=best.target or next((c.target for c in real if c.target), None),
            mode=best.mode or next((c.mode for c in real if c.mode), None),
        )
        out.append(merged)
    return sorted(out, key=lambda c: c.trigger.start)
