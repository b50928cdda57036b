"""Read paths, folders, stdin, JSON lines and HTML into Documents.

Every input either becomes a Document or yields one InputError naming the input
and the reason; a bad input never stops the others. HTML goes through
trafilatura (comments off); site furniture that extractors keep ("Note to
readers", "PayPal:", "Disclaimer:") is filtered by the patterns in
``data/cues/<lang>.yaml``.
"""

from __future__ import annotations

import datetime as dt
import errno
import logging
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import dateparser
import trafilatura
from pydantic import BaseModel, ConfigDict, ValidationError

from dateline.errors import InputError
from dateline.model import Document, content_id
from dateline.resources import Resources
from dateline.settings import MAX_DOCUMENT_CHARS, MAX_INPUT_BYTES

logger = logging.getLogger(__name__)

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ""})
_HTML_START = re.compile(
    rb"^\s*(<!doctype html|<html|<head|<body|<article|<div|<p[ >])", re.I
)
_WHOLE_PAGE = re.compile(r"<(html|body)[\s>]", re.I)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.I)
_AUTHOR_LINE = re.compile(r"^articles? by\s*:\s*(.+)$", re.I)
# A date written in full near the top of a page: "15 February 2021",
# "February 15, 2021", "2021-02-15".
_FULL_DATE = re.compile(
    r"\b(\d{4}-\d{2}-\d{2}|\d{1,2} [A-Z][a-z]+ \d{4}|[A-Z][a-z]+ \d{1,2},? \d{4})\b"
)


@dataclass(frozen=True, slots=True)
class Furniture:
    """Compiled site-furniture patterns: paragraphs to drop, and page trailers."""

    drop: tuple[re.Pattern[str], ...]
    trailer: tuple[re.Pattern[str], ...]
    # Furniture a paragraph starts with, cut off the paragraph: a page's
    # metadata line run into the lede ("date 2024-07-20 Police fired ...").
    lead: tuple[re.Pattern[str], ...] = ()

    @classmethod
    def from_resources(cls, resources: Resources) -> Furniture:
        """The site-furniture patterns of every language's cue file.

        Documents are read before their language is known, so every
        profile's patterns apply.
        """
        profiles = resources.profiles.values()
        return cls.from_patterns(
            [p for profile in profiles for p in profile.furniture],
            [p for profile in profiles for p in profile.trailer],
            [p for profile in profiles for p in profile.leading_furniture],
        )

    @classmethod
    def from_patterns(
        cls, drop: Iterable[str], trailer: Iterable[str], lead: Iterable[str] = ()
    ) -> Furniture:
        """Compile case-insensitive patterns."""
        return cls(
            tuple(re.compile(p, re.I) for p in drop),
            tuple(re.compile(p, re.I) for p in trailer),
            tuple(re.compile(p, re.I) for p in lead),
        )


class _JsonDocument(BaseModel):
    """A JSON-lines document as it comes in; validated at the edge."""

    model_config = ConfigDict(extra="ignore")
    id: str | None = None
    text: str | None = None
    html: str | None = None
    url: str | None = None
    published: str | None = None
    title: str | None = None
    language: str | None = None
    outlet: str | None = None
    author: str | None = None


ReadResult = Document | InputError


def read_inputs(
    inputs: Iterable[str],
    furniture: Furniture,
    published: dt.date | None = None,
) -> Iterator[ReadResult]:
    """Read every input (file, folder, ``-`` for stdin) into Documents or errors.

    A document whose id was already read in this call is an error naming both
    places, never a second document under the same id: its events would be
    stored against the first one's text.
    """
    first_seen: dict[str, tuple[str, str]] = {}  # id -> (where, content id)
    for result in _read_all(inputs, furniture, published):
        if isinstance(result, InputError):
            yield result
            continue
        where = result.path or result.id
        text_id = content_id(result.text)
        if result.id in first_seen:
            first, first_text = first_seen[result.id]
            reason = (
                f"same document as {first}"
                if text_id == first_text
                else f"duplicate id {result.id!r}, already used by {first}"
            )
            yield InputError(where, reason)
            continue
        first_seen[result.id] = (where, text_id)
        yield result


def _read_all(
    inputs: Iterable[str], furniture: Furniture, published: dt.date | None
) -> Iterator[ReadResult]:
    for item in inputs:
        if item == "-":
            yield from _read_bytes(
                "<stdin>", sys.stdin.buffer.read(), "", furniture, published
            )
            continue
        path = Path(item)
        if path.is_dir():
            for found in _walk(path):
                if isinstance(found, InputError):
                    yield found
                else:
                    yield from read_file(found, furniture, published)
        elif path.exists() or path.is_symlink():
            yield from read_file(path, furniture, published)
        else:
            yield InputError(item, "no such file or folder")


def _walk(folder: Path) -> Iterator[Path | InputError]:
    """Files under a folder, sorted by name; what is not read is named, with why.

    Hidden files and folders (a leading dot) are not read. A link to a folder
    is not followed, so a link back up the tree cannot loop.
    """
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as exc:
        yield InputError(str(folder), f"cannot list the folder: {exc.strerror or exc}")
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.name.startswith("."):
            kind = "folder" if entry.is_dir(follow_symlinks=False) else "file"
            yield InputError(str(path), f"hidden {kind}, not read")
        elif entry.is_dir(follow_symlinks=False):
            yield from _walk(path)
        elif entry.is_symlink() and path.is_dir():
            yield InputError(str(path), "link to a folder, not followed")
        else:
            yield path


def not_a_file(path: Path) -> str | None:
    """Why ``path`` is not a regular file to read, or None if it is one.

    Looks without opening: a named pipe (FIFO) would block the reader until
    something writes to it, a device could be endless.
    """
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symlink loop"
        if path.is_symlink():
            try:
                target = os.readlink(path)
            except OSError:
                return "dangling symlink"
            return f"dangling symlink (to {target}, which does not exist)"
        return f"cannot read: {exc.strerror or exc}"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "named pipe (FIFO), not a file; not opened"
    if stat.S_ISSOCK(mode):
        return "socket, not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device, not a file"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def read_file(
    path: Path, furniture: Furniture, published: dt.date | None = None
) -> Iterator[ReadResult]:
    """Read one file: JSON lines, HTML or plain text, by suffix and content.

    Anything but a regular file (a FIFO, socket, device, symlink loop or
    dangling link) is one InputError, and is never opened.
    """
    reason = not_a_file(path)
    if reason is not None:
        yield InputError(str(path), reason)
        return
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            yield InputError(
                str(path), f"larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB"
            )
            return
        raw = path.read_bytes()
    except OSError as exc:
        yield InputError(str(path), f"cannot read: {exc.strerror or exc}")
        return
    yield from _read_bytes(str(path), raw, path.suffix.lower(), furniture, published)


def _read_bytes(
    name: str, raw: bytes, suffix: str, furniture: Furniture, published: dt.date | None
) -> Iterator[ReadResult]:
    if not raw.strip():
        yield InputError(name, "empty")
        return
    if b"\x00" in raw[:8192]:
        yield InputError(name, "binary file, not text")
        return
    is_html = suffix in HTML_SUFFIXES or bool(_HTML_START.match(raw[:512]))
    try:
        text = _decode(raw, is_html)
    except InputError as exc:
        yield InputError(name, exc.reason)
        return
    if suffix in JSONL_SUFFIXES or (suffix == "" and text.lstrip().startswith("{")):
        yield from _read_jsonl(name, text, furniture, published)
        return
    try:
        if is_html:
            yield document_from_html(text, furniture, published=published, path=name)
        else:
            yield document_from_text(text, furniture, published=published, path=name)
    except InputError as exc:
        yield exc


def _decode(raw: bytes, is_html: bool) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if is_html:
        match = _CHARSET.search(raw[:4096])
        if match:
            charset = match.group(1).decode("ascii")
            try:
                return raw.decode(charset)
            except (LookupError, UnicodeDecodeError) as exc:
                raise InputError(
                    "", f"not valid {charset} as its charset declares"
                ) from exc
    raise InputError("", "not UTF-8 and no charset declared")


def _read_jsonl(
    name: str, text: str, furniture: Furniture, published: dt.date | None
) -> Iterator[ReadResult]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            data = _JsonDocument.model_validate_json(line)
        except ValidationError as exc:
            first = exc.errors()[0]
            yield InputError(where, f"not a document: {first['msg']}")
            continue
        if not (data.text or data.html):
            yield InputError(where, "not a document: no 'text' or 'html'")
            continue
        doc_published = published
        if doc_published is None and data.published:
            doc_published = parse_date(data.published)
            if doc_published is None:
                logger.warning(
                    "%s: publication date %r does not parse", where, data.published
                )
        try:
            if data.html:
                doc = document_from_html(
                    data.html,
                    furniture,
                    published=doc_published,
                    path=where,
                    url=data.url,
                )
            else:
                doc = document_from_text(
                    data.text or "",
                    furniture,
                    published=doc_published,
                    path=where,
                    title=data.title,
                    keep_title_line=data.title is not None,
                )
        except InputError as exc:
            yield exc
            continue
        yield Document(
            id=data.id or doc.id,
            text=doc.text,
            url=data.url or doc.url,
            title=data.title or doc.title,
            outlet=data.outlet or doc.outlet,
            author=data.author or doc.author,
            published=doc.published,
            published_from="caller" if published else doc.published_from,
            language=data.language or doc.language,
            path=where,
        )


def parse_date(value: str) -> dt.date | None:
    """Parse a publication date written any common way; None if it does not parse."""
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        pass
    parsed = dateparser.parse(value, settings={"PREFER_DAY_OF_MONTH": "first"})
    return parsed.date() if parsed else None


def document_from_html(
    html: str,
    furniture: Furniture,
    *,
    published: dt.date | None = None,
    path: str | None = None,
    url: str | None = None,
) -> Document:
    """Extract the article from a web page, dropping boilerplate and furniture."""
    extracted = trafilatura.bare_extraction(
        html, include_comments=False, with_metadata=True, url=url
    )
    if _found_nothing(extracted) and not _WHOLE_PAGE.search(html[:4096]):
        # A fragment ("<p>...</p>", the usual "html" of a JSON line): trafilatura
        # finds text only in a whole page, so it gets one.
        extracted = trafilatura.bare_extraction(
            f"<html><body>{html}</body></html>",
            include_comments=False,
            with_metadata=True,
            url=url,
        )
    if extracted is None or isinstance(extracted, dict) or not extracted.text:
        raise InputError(path or "<html>", "no article text found in the page")
    meta_date = getattr(extracted, "date", None)
    title = getattr(extracted, "title", None)
    text: str = extracted.text
    first, _, rest = text.partition("\n")
    if title and rest.strip() and first.strip() in title:
        # Extractors keep the headline as the first line; it is the title.
        text = rest
    doc = document_from_text(
        text,
        furniture,
        published=published,
        path=path,
        title=title,
        keep_title_line=True,
    )
    page_published = (
        None if published else (parse_date(meta_date) if meta_date else None)
    )
    return Document(
        id=doc.id,
        text=doc.text,
        url=url or getattr(extracted, "url", None),
        title=doc.title,
        outlet=getattr(extracted, "sitename", None),
        author=getattr(extracted, "author", None) or doc.author,
        published=published or page_published or doc.published,
        published_from=(
            "caller"
            if published
            else "metadata"
            if page_published
            else doc.published_from
        ),
        language=None,
        path=path,
    )


def _found_nothing(extracted: object) -> bool:
    return extracted is None or not getattr(extracted, "text", None)


def document_from_text(
    text: str,
    furniture: Furniture,
    *,
    published: dt.date | None = None,
    path: str | None = None,
    title: str | None = None,
    keep_title_line: bool = False,
) -> Document:
    """Make a Document from plain text: title line, furniture filter, date."""
    # One space for any run of spaces, tabs and no-break spaces inside a paragraph.
    paragraphs = [
        " ".join(p.split()) for p in re.split(r"\n\s*\n|\r?\n", text) if p.strip()
    ]
    if not keep_title_line and title is None and len(paragraphs) > 1:
        first = paragraphs[0]
        if len(first) <= 200 and not first.endswith((".", "!", "?", "”", '"')):
            title = first
            paragraphs = paragraphs[1:]
    cut: list[str] = []
    body, author = _drop_furniture(paragraphs, furniture, cut)
    clean = "\n\n".join(body)
    if not clean.strip():
        raise InputError(
            path or "<text>", "no article text left after removing boilerplate"
        )
    if len(clean) > MAX_DOCUMENT_CHARS:
        raise InputError(
            path or "<text>", f"longer than {MAX_DOCUMENT_CHARS} characters"
        )
    text_published = (
        None
        if published
        else _date_in_text(clean[:600]) or _date_in_text(" ".join(cut)[:600])
    )
    return Document(
        id=content_id(clean),
        text=clean,
        title=title,
        author=author,
        published=published or text_published,
        published_from="caller" if published else ("text" if text_published else None),
        path=path,
    )


def _drop_furniture(
    paragraphs: list[str], furniture: Furniture, cut: list[str] | None = None
) -> tuple[list[str], str | None]:
    """The paragraphs that are the article, and its author line if any.

    Leading furniture cut off a paragraph is appended to ``cut``.
    """
    cut = [] if cut is None else cut
    body: list[str] = []
    author = None
    for index, para in enumerate(paragraphs):
        match = _AUTHOR_LINE.match(para)
        if match and author is None:
            author = match.group(1).strip()
        # A trailer ("Disclaimer:") past the first paragraph ends the article;
        # author lines after it are still read.
        if index > 0 and any(p.search(para) for p in furniture.trailer):
            for rest in paragraphs[index:]:
                found = _AUTHOR_LINE.match(rest)
                if found and author is None:
                    author = found.group(1).strip()
            break
        if any(p.search(para) for p in furniture.drop):
            continue
        for pattern in furniture.lead:
            found = pattern.match(para)
            if found:
                cut.append(found.group(0))
                para = para[found.end() :]
        if para:
            body.append(para)
    return body, author


def _date_in_text(head: str) -> dt.date | None:
    match = _FULL_DATE.search(head)
    if not match:
        return None
    return parse_date(match.group(1))
