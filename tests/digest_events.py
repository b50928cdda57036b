"""Digest of the events every evaluation set codes to: the redesign's safety net.

Codes each set (our passage sets, the held-out sets, the real-news dev half,
the bundled samples and the seed article) with the current code and prints one
line per set: its name, documents read, events coded and a SHA-256 of the
events' JSON sorted by event_id. A change of behaviour anywhere in the coder
changes a line, and the line names the set.

    python tests/digest_events.py            # print the digest
    python tests/digest_events.py --write    # store it in tests/data/events.digest

The sealed real-news test half (eval/news/test/) is never read.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from dateline.errors import InputError
from dateline.model import Document, to_json_dict
from dateline.pipeline import Coder
from dateline.read import Furniture, read_inputs

ROOT = Path(__file__).resolve().parent.parent
DIGEST_FILE = ROOT / "tests" / "data" / "events.digest"
# The project's seed article, kept beside the worktrees; a copy is in docs/samples.
SEED = ROOT.parent / "shared" / "seed"


def evaluation_sets() -> Iterator[tuple[str, list[Path]]]:
    """Every evaluation set by name, with the input paths it is read from."""
    patterns = ("eval/dev/*.docs.jsonl", "eval/heldout*/*.docs.jsonl")
    for pattern in patterns:
        for path in sorted(ROOT.glob(pattern)):
            yield str(path.relative_to(ROOT)), [path]
    for path in sorted((ROOT / "eval" / "news" / "dev").glob("*.docs.jsonl")):
        yield str(path.relative_to(ROOT)), [path]
    yield "docs/samples", [ROOT / "docs" / "samples"]
    if SEED.is_dir():
        yield "seed", sorted(SEED.glob("*.txt"))


def digest_line(name: str, paths: list[Path], coder: Coder) -> str:
    """Code one set and return its digest line."""
    furniture = Furniture.from_resources(coder.resources)
    documents: list[Document] = []
    for item in read_inputs([str(p) for p in paths], furniture):
        if not isinstance(item, InputError):
            documents.append(item)
    events = [e for r in coder.code_documents(documents) for e in r.events]
    events.sort(key=lambda e: e.event_id)
    blob = json.dumps(
        [to_json_dict(e) for e in events], sort_keys=True, ensure_ascii=False
    )
    digest = hashlib.sha256(blob.encode("utf-8")).hexdigest()
    return f"{name} {len(documents)} {len(events)} {digest}"


def digest_lines(coder: Coder) -> list[str]:
    """The digest line of every evaluation set, in a fixed order."""
    return [digest_line(name, paths, coder) for name, paths in evaluation_sets()]


def main() -> None:
    """Print the digest; with --write, store it as the reference."""
    lines = digest_lines(Coder())
    text = "\n".join(lines) + "\n"
    if "--write" in sys.argv[1:]:
        DIGEST_FILE.parent.mkdir(parents=True, exist_ok=True)
        DIGEST_FILE.write_text(text, encoding="utf-8")
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
