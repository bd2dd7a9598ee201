"""Typed readers for environment variables that fail loudly on bad values.

Settings read the environment only through these, so a mistyped value stops the process at
start-up with the variable's name instead of silently falling back to a default.
"""

from __future__ import annotations

import os
from collections.abc import Mapping


class EnvError(ValueError):
    """An environment variable is present but cannot be understood."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str, environ: Mapping[str, str] = os.environ) -> str:
    return environ.get(name, default)


def env_bool(name: str, default: bool, environ: Mapping[str, str] = os.environ) -> bool:
    raw = environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise EnvError(f"{name} must be true or false, not {raw!r}")


def env_int(
    name: str, default: int, environ: Mapping[str, str] = os.environ, *, minimum: int = 0
) -> int:
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise EnvError(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise EnvError(f"{name} must be at least {minimum}, not {value}")
    return value


def env_float(
    name: str,
    default: float,
    environ: Mapping[str, str] = os.environ,
    *,
    minimum: float = 0.0,
    maximum: float = 1.0,
) -> float:
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise EnvError(f"{name} must be a number, not {raw!r}") from None
    if not minimum <= value <= maximum:
        raise EnvError(f"{name} must be between {minimum} and {maximum}, not {value}")
    return value


def env_list(name: str, default: list[str], environ: Mapping[str, str] = os.environ) -> list[str]:
    raw = environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]
