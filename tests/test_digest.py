"""Events on every evaluation set are those stored before the redesign."""

from __future__ import annotations

import pytest

from dateline.pipeline import Coder
from tests.digest_events import DIGEST_FILE, digest_lines


@pytest.mark.slow
def test_every_evaluation_set_codes_to_the_stored_events(coder: Coder) -> None:
    stored = {
        line.split()[0]: line
        for line in DIGEST_FILE.read_text(encoding="utf-8").splitlines()
    }
    now = {line.split()[0]: line for line in digest_lines(coder)}
    changed = [
        f"{name}: stored {stored.get(name)!r}, now {line!r}"
        for name, line in now.items()
        if stored.get(name) != line
    ]
    assert not changed, (
        "events changed on these sets (a behaviour change: fix it, or update "
        "tests/data/events.digest in a commit of its own that says why):\n"
        + "\n".join(changed)
    )
    missing = sorted(set(stored) - set(now) - {"seed"})
    assert not missing, f"sets no longer coded: {missing}"
