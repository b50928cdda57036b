"""Reading data files: YAML with line numbers, CSV rows, validation with file and line."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import ValidationError

from dateline.errors import DataFileError
from dateline.model import from_json_dict

T = TypeVar("T")


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that records each mapping's line as ``__line__``."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping: dict[str, Any] = dict(loader.construct_mapping(node, deep=True))  # type: ignore[arg-type]
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)


def read_yaml(path: Path, *, lines: bool = False) -> Any:
    """Read a YAML data file; raises DataFileError naming the file and line.

    With ``lines``, every mapping records its line as ``__line__`` (see
    ``strip_line``), so that later checks can name the entry's line.
    """
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_LineLoader if lines else yaml.SafeLoader)
    except OSError as exc:
        raise DataFileError(str(path), None, f"cannot read: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise DataFileError(str(path), line, f"not valid YAML: {exc}") from exc


def load_yaml_lines(path: Path) -> Any:
    """Read a YAML data file with each mapping's line recorded."""
    return read_yaml(path, lines=True)


def strip_line(entry: dict[str, Any]) -> tuple[int | None, dict[str, Any]]:
    """An entry read with ``read_yaml(lines=True)``: its line, and its data."""
    line = entry.get("__line__")
    return line, {k: strip_nested(v) for k, v in entry.items() if k != "__line__"}


def strip_nested(value: Any) -> Any:
    """A value read with lines, without its ``__line__`` keys."""
    if isinstance(value, dict):
        return {k: strip_nested(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [strip_nested(v) for v in value]
    return value


def validate_entry(
    cls: type[T], data: dict[str, Any], file: Path, line: int | None
) -> T:
    """Validate an entry into its record; DataFileError naming file and line."""
    try:
        return from_json_dict(cls, data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise DataFileError(str(file), line, f"{where}: {first['msg']}") from exc


def split_list(value: str | None) -> list[str]:
    """A ``|``-separated CSV cell as a list."""
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def csv_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """A CSV data file's rows with their line numbers; DataFileError when bad."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            rows = []
            for row in reader:
                if None in row:
                    raise DataFileError(str(path), reader.line_num, "too many columns")
                rows.append((reader.line_num, row))
            return rows
    except OSError as exc:
        raise DataFileError(str(path), None, f"cannot read: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise DataFileError(str(path), None, "not UTF-8") from exc
