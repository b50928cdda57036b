"""DatelineError and its subclasses: each carries what its message needs."""

from __future__ import annotations


class DatelineError(Exception):
    """Base of every error dateline raises on purpose."""


class InputError(DatelineError):
    """An input (file, line, stdin) that cannot be read as a document."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class DataFileError(DatelineError):
    """An invalid entry in a data file (lexicon, dictionary, gazetteer)."""

    def __init__(self, file: str, line: int | None, reason: str) -> None:
        self.file = file
        self.line = line
        self.reason = reason
        where = f"{file}:{line}" if line is not None else file
        super().__init__(f"{where}: {reason}")


class ModelMissing(DatelineError):
    """No spaCy model is installed for a language."""

    def __init__(self, language: str, hint: str) -> None:
        self.language = language
        self.hint = hint
        super().__init__(f"no spaCy model for language {language!r}: {hint}")


class StoreError(DatelineError):
    """The store cannot be opened, migrated or written."""


class NotCoded(DatelineError):
    """A document in a language dateline does not code yet."""

    def __init__(self, doc_id: str, language: str) -> None:
        self.doc_id = doc_id
        self.language = language
        super().__init__(f"{doc_id}: language {language!r} is not coded yet")
