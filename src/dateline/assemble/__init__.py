"""Candidates + resolved parts -> events, one per happening (assembler).

:mod:`dateline.assemble.build` fills what an event's own text leaves open
from the article (named pure functions), :mod:`dateline.assemble.parties` who
did it to whom when the text leaves it open; :mod:`dateline.assemble.retellings`
merges the tellings of one happening within an article.
"""

from dateline.assemble.build import (
    Article,
    Resolved,
    Story,
    assemble_event,
    assemble_events,
    background,
    credited_source,
    default_counts,
    figures_of,
    inherit_actor,
    inherit_date,
    inherit_place,
    mentions_of,
    realis,
    unsupported,
)
from dateline.assemble.parties import (
    default_protesters,
    drop_self_target,
    party_claim,
    state_forces,
)
from dateline.assemble.retellings import merge_retellings

__all__ = [
    "Article",
    "Resolved",
    "Story",
    "assemble_event",
    "assemble_events",
    "background",
    "credited_source",
    "default_counts",
    "default_protesters",
    "drop_self_target",
    "figures_of",
    "inherit_actor",
    "inherit_date",
    "inherit_place",
    "mentions_of",
    "merge_retellings",
    "party_claim",
    "realis",
    "state_forces",
    "unsupported",
]
