"""dateline: turn conflict news into a sourced, geocoded record of events.

>>> from dateline import extract, ingest, open_store
>>> for result in extract(documents):
...     for event in result.events: ...
>>> report = ingest(documents, open_store("dateline.db"))
"""

from dateline.errors import (
    DataFileError,
    DatelineError,
    InputError,
    ModelMissing,
    StoreError,
)
from dateline.ingest import IngestReport, ingest
from dateline.model import (
    Actor,
    Attribution,
    CharSpan,
    Document,
    Event,
    Figure,
    Mention,
    Place,
    Sentence,
    TimeSpan,
    from_json_dict,
    to_json_dict,
)
from dateline.pipeline import Coder, Result, extract
from dateline.settings import Settings
from dateline.store import EventFilter, open_store

__all__ = [
    "Actor",
    "Attribution",
    "CharSpan",
    "Coder",
    "DataFileError",
    "DatelineError",
    "Document",
    "Event",
    "EventFilter",
    "Figure",
    "IngestReport",
    "InputError",
    "Mention",
    "ModelMissing",
    "Place",
    "Result",
    "Sentence",
    "Settings",
    "StoreError",
    "TimeSpan",
    "extract",
    "from_json_dict",
    "ingest",
    "open_store",
    "to_json_dict",
]
