"""How `dateline eval` shows scores: its lines, and SCORES.md beside a gold set.

SCORES.md is the log of scores beside a gold set (the sealed test half keeps
one), one row per run with the commit it was measured at.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path
from typing import Any


def score_log_beside(gold: tuple[Path, ...]) -> Path | None:
    """The SCORES.md beside the gold files, when they share one."""
    logs = {path.resolve().parent / "SCORES.md" for path in gold}
    if len(logs) == 1:
        log = logs.pop()
        return log if log.exists() else None
    return None


def append_score_log(log: Path, gold: tuple[Path, ...], report: dict[str, Any]) -> None:
    """Append one row of scores with the commit they were measured at."""
    try:
        commit = subprocess.run(
            ["git", "describe", "--always", "--dirty", "--abbrev=12"],
            cwd=log.parent,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    s = report["overall"]
    acc = s["field_accuracy"]
    langs = " ".join(
        f"{lang} {v['f1']:.2f}" for lang, v in report["by_language"].items()
    )
    inc = report.get("incidents")
    incidents = (
        f"{inc['pairwise_precision']:.2f}/{inc['pairwise_recall']:.2f}" if inc else "-"
    )
    files = " ".join(sorted(p.name.split(".")[0] for p in gold))
    row = (
        f"| {dt.date.today().isoformat()} | {commit} | {files} | {s['gold']} "
        f"| {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} "
        f"| {acc['date']} | {acc['place_25km']} | {acc['place_161km']} "
        f"| {acc['country']} | {incidents} | {langs} |\n"
    )
    with log.open("a", encoding="utf-8") as handle:
        handle.write(row)


def format_event_scores(scores: dict[str, Any], title: str = "events") -> str:
    """A readable report of event scores."""
    lines = [
        f"{title}: gold {scores['gold']}, predicted {scores['predicted']}, matched {scores['matched']}",
        f"  precision {scores['precision']:.3f}  recall {scores['recall']:.3f}  F1 {scores['f1']:.3f}",
        "  field accuracy on matched events:",
    ]
    lines += [
        f"    {k:<14} {_share(v)}  ({scores['field_scored'][k]} scored)"
        for k, v in scores["field_accuracy"].items()
    ]
    lines.append("  recall by event type:")
    lines += [f"    {k:<14} {v:.3f}" for k, v in scores["recall_by_type"].items()]
    return "\n".join(lines)


def _share(value: float | None) -> str:
    """A score to three places, or a dash when nothing was scored."""
    return "  -  " if value is None else f"{value:.3f}"


def format_language_lines(by_language: dict[str, Any]) -> str:
    """One line per language: events, P/R/F1, date and place accuracy."""
    lines = []
    for lang, s in by_language.items():
        acc = s["field_accuracy"]
        lines.append(
            f"  {lang}: gold {s['gold']:4d}  P {s['precision']:.3f} "
            f"R {s['recall']:.3f} F1 {s['f1']:.3f}  date {_share(acc['date'])} "
            f"place<25km {_share(acc['place_25km'])} country {_share(acc['country'])}"
        )
    return "\n".join(lines)


def format_incident_scores(scores: dict[str, Any]) -> str:
    """The incident merge: by article and type, and event by event."""
    line = (
        f"incidents: {scores['gold_groups']} gold groups, pairwise "
        f"P {scores['pairwise_precision']:.3f} R {scores['pairwise_recall']:.3f} "
        f"F1 {scores['pairwise_f1']:.3f} (B-cubed F1 {scores['bcubed_f1']:.3f})"
    )
    pairs = scores.get("events")
    if pairs:
        line += (
            f"\n  event by event: {pairs['gold_pairs']} gold pairs across articles, "
            f"P {pairs['precision']:.3f} R {pairs['recall']:.3f} on coded pairs, "
            f"R {pairs['recall_all']:.3f} on all"
        )
    return line
