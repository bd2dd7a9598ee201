"""The hash chain behind the tamper-evident audit log, free of any framework.

Each entry's hash is SHA-256 over the previous entry's hash and a canonical JSON encoding of
the entry's own fields, so altering, removing or reordering any entry breaks every hash after it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

GENESIS = "0" * 64


def canonical(fields: Mapping[str, Any]) -> bytes:
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def link_hash(prev_hash: str, fields: Mapping[str, Any]) -> str:
    digest = hashlib.sha256()
    digest.update(prev_hash.encode("ascii"))
    digest.update(canonical(fields))
    return digest.hexdigest()
