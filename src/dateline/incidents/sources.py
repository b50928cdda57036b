"""Who an incident's reports credit: one key per source, whatever its language.

A source's key is its dictionary id when the coder resolved one
(``attributed_to_id``: "the Syrian Observatory for Human Rights" and
"l'Observatoire syrien des droits de l'homme" are both ``sohr``), else its name
as written. Within one incident two more names resolve:

- a generic source ("the army", "l'armée", a generic-army id) is the one named
  source of its kind the incident credits ("Military Forces of Mali"), as a
  generic participant is compatible with a named one;
- a statement named without its author ("the statement", "le communiqué",
  the profiles' statement_words) is the one known body its own article credits.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from dateline.incidents.rules import WORD, IncidentRules, normalize
from dateline.model import Actor, Report


def source_key(name: str, source_id: str | None = None) -> str:
    """One key per source: its dictionary id when known, so languages agree."""
    return f"id:{source_id}" if source_id else normalize(name)


def credited_keys(
    reports: Sequence[Report], rules: IncidentRules
) -> dict[str, str | None]:
    """Each report's credited source key (event id -> key; None: uncredited)."""
    known = rules.actors_by_id
    named = {
        i
        for r in reports
        if r.attributed_to
        and (i := r.attributed_to_id) is not None
        and i in known
        and not known[i].generic
    }
    keys: dict[str, str | None] = {}
    for r in reports:
        if not r.attributed_to:
            keys[r.event_id] = None
            continue
        source_id = r.attributed_to_id
        actor = known.get(source_id) if source_id else None
        if actor is not None and actor.generic:
            source_id = _named_for(actor, named, known, rules) or source_id
        keys[r.event_id] = source_key(r.attributed_to, source_id)
    by_doc: dict[str, set[str]] = defaultdict(set)
    for r in reports:
        key = keys[r.event_id]
        if key and key.startswith("id:") and key[3:] in named:
            by_doc[r.doc_id].add(key)
    for r in reports:
        if r.attributed_to and not r.attributed_to_id and _statement(r, rules):
            bodies = by_doc.get(r.doc_id, set())
            if len(bodies) == 1:
                keys[r.event_id] = next(iter(bodies))
    return keys


def _named_for(
    generic: Actor,
    named: set[str],
    known: Mapping[str, Actor],
    rules: IncidentRules,
) -> str | None:
    """The one named source a generic one can stand for, or None."""
    group = rules.sector_group.get(generic.sector or "")
    fits = [
        i
        for i in sorted(named)
        if group is not None
        and rules.sector_group.get(known[i].sector or "") == group
        and (generic.country is None or known[i].country == generic.country)
    ]
    return fits[0] if len(fits) == 1 else None


def _statement(report: Report, rules: IncidentRules) -> bool:
    """True when the source is only named as a statement ("le communiqué")."""
    words = WORD.findall((report.attributed_to or "").casefold())
    return bool(words) and all(w in rules.statement_words for w in words)
