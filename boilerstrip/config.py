"""Configuration files: the options people repeat, read with tomllib (tomli on Python 3.10).

Found upward from the current folder: the first folder holding ``boilerstrip.toml`` (its
top-level keys) or a ``pyproject.toml`` with a ``[tool.boilerstrip]`` table; or the file
given with ``--config`` (a ``pyproject.toml`` is read for its table, any other file for its
top-level keys). Keys are the long option names without the leading ``--``
(``min-repeat``); paths in ``corpus`` are relative to the file's folder. Command-line flags
win over the file. An unknown key or a wrong type is a :class:`ConfigError` naming the file.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import Any

NAMES = ("boilerstrip.toml", "pyproject.toml")
TABLE = ("tool", "boilerstrip")
#: Keys a file may set, with their types (lists hold strings).
KEYS: dict[str, type] = {"corpus": list, "min-repeat": int, "exclude": list, "glob": list,
                         "keep-chrome": bool, "jobs": int, "hidden": bool, "no-ignore": bool,
                         "encoding": str}
#: Smallest values of numeric keys (as for the command-line options).
MINIMUM = {"min-repeat": 2, "jobs": 1}


class ConfigError(ValueError):
    """A configuration file that cannot be used; ``str()`` names the file."""


@dataclass(frozen=True)
class Config:
    path: str | None = None
    values: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


def _tomllib():
    """The TOML reader, imported only when a file is read (most runs find none)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    return tomllib


def find(start: str | None = None) -> str | None:
    """The configuration file in force for ``start`` (default: the current folder)."""
    folder = os.path.abspath(start or os.getcwd())
    while True:
        for name in NAMES:
            path = os.path.join(folder, name)
            if os.path.isfile(path) and (name != "pyproject.toml" or _has_table(path)):
                return path
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _has_table(path: str) -> bool:
    tomllib = _tomllib()
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError):
        return False
    return isinstance(data.get("tool"), dict) and TABLE[1] in data["tool"]


def load(path: str | None = None) -> Config:
    """Read ``path`` (or the file :func:`find` finds; none: an empty config)."""
    path = path or find()
    if path is None:
        return Config()
    tomllib = _tomllib()
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    where = "top level"
    if os.path.basename(path) == "pyproject.toml":
        data, where = data.get("tool", {}).get("boilerstrip", {}), "[tool.boilerstrip]"
    values = {}
    base = os.path.dirname(os.path.abspath(path))
    for key, value in data.items():
        kind = KEYS.get(key)
        if kind is None:
            raise ConfigError(f"{path}: unknown key '{key}' in {where} (known: {', '.join(KEYS)})")
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)) or (
                kind is list and not all(isinstance(v, str) for v in value)):
            what = "a list of strings" if kind is list else f"a{'n' * (kind is int)} {kind.__name__}"
            raise ConfigError(f"{path}: '{key}' must be {what}")
        if key in MINIMUM and value < MINIMUM[key]:
            raise ConfigError(f"{path}: '{key}' must be at least {MINIMUM[key]}")
        if key == "corpus":
            value = [os.path.join(base, v) for v in value]
        values[key] = value
    return Config(path, values)
