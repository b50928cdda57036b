"""What every exporter takes and returns: the context and the report."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TextIO

from dateline.errors import DatelineError
from dateline.model import Document, Event
from dateline.resources import Resources


@dataclass(frozen=True, slots=True)
class ExportContext:
    """What exporters may need beyond the events: the data and the documents."""

    resources: Resources | None = None
    documents: dict[str, Document] = field(default_factory=dict)
    # Unix time written in ACLED's `timestamp` column: when the rows were
    # written out (ACLED's is when a row was last uploaded).
    timestamp: int = field(default_factory=lambda: int(time.time()))


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportReport:
    """What an export wrote, and the events it left out, counted by type/mode."""

    written: int
    left_out: tuple[tuple[str, int], ...] = ()
    reason: str | None = None  # why the left-out events were left out

    @property
    def left_out_count(self) -> int:
        """How many events were left out."""
        return sum(n for _, n in self.left_out)

    def describe_left_out(self, fmt: str) -> str | None:
        """One line for stderr naming what was left out, or None."""
        if not self.left_out:
            return None
        kinds = ", ".join(f"{name} {n}" for name, n in self.left_out)
        return (
            f"{self.left_out_count} events left out of the {fmt} export "
            f"({self.reason}): {kinds}"
        )


Exporter = Callable[[Sequence[Event], TextIO, ExportContext], ExportReport | None]


def require_resources(context: ExportContext, fmt: str) -> Resources:
    """The data a format needs; a one-line error when the caller gave none."""
    if context.resources is None:
        raise DatelineError(
            f"the {fmt} export maps through the ontology: "
            "pass ExportContext(resources=load_resources(Settings()))"
        )
    return context.resources


def type_mode(event: Event) -> str:
    """An event's type and mode, as left-out counts name them."""
    return f"{event.event_type}/{event.mode}" if event.mode else event.event_type


# PLOVER's codebook name for cite_info, and its country code for Kosovo, which
# has no ISO code (PLOVER manual, "Country names": "we use KOS").
# source: https://github.com/openeventdata/PLOVER/blob/master/PLOVER_MANUAL.tex


def dateline_version() -> str:
    """The installed dateline version, for the coder fields."""
    from importlib.metadata import version

    return version("dateline")
