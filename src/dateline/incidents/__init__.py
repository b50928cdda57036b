"""Stored events -> incidents: one happening, many reports (cross-source merge).

Reads stored Events (type, participants, place, date, source, figures) and what
is known of their documents (outlet, publication date); returns Incident
records that keep every report and each source's figures, never averaged.

How reports are linked, so that every decision can be explained:

- **Blocks, never all pairs.** An event is compared only with incidents in its
  blocks: same type family (data/type_families.yaml), same country, and a day
  its date window covers. Work grows with events times block size.
- **No conflict.** Places within a distance set by their precision, dates
  within a window set by theirs, participants that can be the same parties
  (None is compatible with anything; a state named by its country alone as
  the target, "strikes on Lebanon", is where it happened, compatible with
  any party of that country; two families of one happening, a raid and its
  arrests, whose parties conflict role by role, fit when one party agrees in
  any role). Words (PLOVER's verbal quad classes) are said at a venue:
  their places never conflict, and they are blocked under their parties'
  countries too.
- **Positive evidence.** Unknowns alone never link: the place, or a named
  participant, must agree.
- **Complete link.** An event joins an incident only when it is compatible
  with every report already in it, so one vague report cannot bridge two
  incidents. Each link records its reasons.
- **Stable ids.** Incidents never merge or split once made. A new event joins
  the incident it fits best or starts one, whose id derives from that event's
  id, so ids survive later ingests.

The modules: :mod:`~dateline.incidents.rules` (thresholds and rules data),
:mod:`~dateline.incidents.compare` (whether two reports can be one incident),
:mod:`~dateline.incidents.cluster` (the clusterer and the Incident records),
:mod:`~dateline.incidents.stored` (incidents in the store) and
:mod:`~dateline.incidents.gold` (scoring against gold). The records themselves
live in :mod:`dateline.model`.
"""

from dateline.incidents.cluster import (
    Clusterer,
    build_incident,
    cluster_events,
    describe_report,
    figures_table,
    incident_id_for,
    near_duplicate,
)
from dateline.incidents.gold import (
    GoldIncidentItem,
    predicted_incidents,
    read_gold_incidents,
    score_clusters,
)
from dateline.incidents.rules import IncidentRules, load_rules
from dateline.incidents.stored import (
    IncidentUpdate,
    cluster_unlinked,
    lead_events,
    other_reports,
    rebuild_incidents,
    store_batch,
    update_incidents,
)

# The records moved to dateline.model; still importable from here.
from dateline.model import (
    DocumentSource,
    Incident,
    Report,
    SourceCounts,
    SourceFigures,
)

__all__ = [
    "Clusterer",
    "DocumentSource",
    "GoldIncidentItem",
    "Incident",
    "IncidentRules",
    "IncidentUpdate",
    "Report",
    "SourceCounts",
    "SourceFigures",
    "build_incident",
    "cluster_events",
    "cluster_unlinked",
    "describe_report",
    "figures_table",
    "incident_id_for",
    "lead_events",
    "load_rules",
    "near_duplicate",
    "other_reports",
    "predicted_incidents",
    "read_gold_incidents",
    "rebuild_incidents",
    "score_clusters",
    "store_batch",
    "update_incidents",
]
