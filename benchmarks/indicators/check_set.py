"""Validate the indicator evaluation sets and print their counts.

Usage: python benchmarks/indicators/check_set.py

Checks heldout.jsonl and the development sets (dev, dev2, dev3, dev4, dev5, dev6). Each line must be
valid JSON with exactly the keys id, register, text, indicators and phenomena. Ids must be
unique across the files and carry the file's prefix. Codes, registers and phenomena must be
known. The held-out file's SHA-256 must match the one recorded in README.md. Prints the counts
per code, phenomenon and register. Exits with status 1 when any check fails.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

RED_FLAGS = (
    "weapon_carrying",
    "weapon_acquisition",
    "stated_intent_to_harm",
    "mass_casualty_research",
    "attack_approval",
    "identification_with_attackers",
    "threat_made",
)
CODES = (
    *RED_FLAGS,
    "violence_history",
    "fixation_on_violence",
    "ideology_engagement",
    "extremist_material",
    "grievance",
    "missing_episode",
    "neurodivergence_diagnosed",
    "neurodivergence_suspected",
    "assessment_pending",
    "mental_health_need",
    "send_ehcp",
    "exclusion",
    "victim_of_bullying",
    "social_isolation",
    "family_conflict",
    "online_activity_concern",
)
REGISTERS = (
    "teacher",
    "police_log",
    "helpline",
    "parent",
    "social_care",
    "health",
    "youth_worker",
)
PHENOMENA = (
    "negation",
    "attribution",
    "hypothetical",
    "reported_speech",
    "denial_contradicted",
    "past",
    "over",
    "self_harm",
    "set_work",
    "none",
)
TRAPS = frozenset({"negation", "attribution", "hypothetical", "reported_speech"})
KEYS = frozenset({"id", "register", "text", "indicators", "phenomena"})

# file -> (id prefix, min narratives, min traps, min per code, min per red flag)
SETS: dict[str, tuple[str, int, int, int, int]] = {
    "heldout.jsonl": ("h", 100, 35, 4, 8),
    "dev.jsonl": ("d", 200, 50, 0, 0),
    "dev2.jsonl": ("e", 300, 100, 10, 10),
    "dev3.jsonl": ("f", 300, 100, 5, 20),
    "dev4.jsonl": ("g", 600, 200, 15, 40),
    "dev5.jsonl": ("k", 590, 200, 15, 30),
    "dev6.jsonl": ("n", 600, 200, 15, 40),
}
HASH_LINE = re.compile(r"heldout\.jsonl SHA-256:\s*([0-9a-f]{64})")


def _string_list(value: Any) -> list[str] | None:
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return list(value)
    return None


def check_record(record: Any, where: str, prefix: str) -> list[str]:
    """Return the problems with one parsed line."""
    if not isinstance(record, dict):
        return [f"{where}: not a JSON object"]
    problems: list[str] = []
    keys = set(record)
    if keys != KEYS:
        missing = sorted(KEYS - keys)
        extra = sorted(keys - KEYS)
        problems.append(f"{where}: keys missing {missing}, unexpected {extra}")
    rid = record.get("id")
    if not isinstance(rid, str) or not re.fullmatch(rf"{prefix}\d{{3}}", rid):
        problems.append(f"{where}: id {rid!r} is not {prefix} followed by three digits")
    if record.get("register") not in REGISTERS:
        problems.append(f"{where}: unknown register {record.get('register')!r}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        problems.append(f"{where}: empty or missing text")
    codes = _string_list(record.get("indicators"))
    if codes is None:
        problems.append(f"{where}: indicators is not a list of strings")
    else:
        problems += [f"{where}: unknown code {c!r}" for c in codes if c not in CODES]
        if len(set(codes)) != len(codes):
            problems.append(f"{where}: repeated code")
    phenomena = _string_list(record.get("phenomena"))
    if phenomena is None or not phenomena:
        problems.append(f"{where}: phenomena is not a non-empty list of strings")
    else:
        problems += [f"{where}: unknown phenomenon {p!r}" for p in phenomena if p not in PHENOMENA]
        if "none" in phenomena and len(phenomena) > 1:
            problems.append(f"{where}: 'none' combined with other phenomena")
    return problems


def load(path: Path, prefix: str) -> tuple[list[dict[str, Any]], list[str]]:
    """Parse one file; return its good records and every problem found."""
    records: list[dict[str, Any]] = []
    problems: list[str] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        where = f"{path.name}:{number}"
        if not line.strip():
            problems.append(f"{where}: blank line")
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(f"{where}: invalid JSON ({error})")
            continue
        found = check_record(record, where, prefix)
        problems += found
        if not found:
            records.append(record)
    return records, problems


def recorded_hash(readme: Path) -> str | None:
    """Return the held-out SHA-256 written in README.md, if any."""
    match = HASH_LINE.search(readme.read_text(encoding="utf-8"))
    return match.group(1) if match else None


def print_counts(sets: dict[str, list[dict[str, Any]]]) -> None:
    names = list(sets)
    width = 32
    header = "".join(f"{name:>14}" for name in names)
    for title, key, keys in (
        ("code", "indicators", CODES),
        ("phenomenon", "phenomena", PHENOMENA),
        ("register", "register", REGISTERS),
    ):
        counts: dict[str, Counter[str]] = {}
        for name, records in sets.items():
            counter: Counter[str] = Counter()
            for record in records:
                value = record[key]
                counter.update(value if isinstance(value, list) else [value])
            counts[name] = counter
        print(f"\n{title:<{width}}{header}")
        for k in keys:
            flag = " *" if k in RED_FLAGS else ""
            print(f"{k + flag:<{width}}" + "".join(f"{counts[n][k]:>14}" for n in names))
    print()
    for name, records in sets.items():
        traps = sum(1 for r in records if TRAPS & set(r["phenomena"]))
        empty = sum(1 for r in records if not r["indicators"])
        print(f"{name}: {len(records)} narratives, {traps} traps, {empty} asserting no code")
    print("(* red flag)")


def main() -> int:
    problems: list[str] = []
    sets: dict[str, list[dict[str, Any]]] = {}
    seen: dict[str, str] = {}
    for name, (prefix, min_n, min_traps, min_code, min_red) in SETS.items():
        path = HERE / name
        if not path.exists():
            problems.append(f"{name}: missing")
            continue
        records, found = load(path, prefix)
        problems += found
        for record in records:
            rid = record["id"]
            if rid in seen:
                problems.append(f"{name}: id {rid} repeated (first in {seen[rid]})")
            seen[rid] = name
        texts = Counter(r["text"] for r in records)
        problems += [f"{name}: text repeated: {t[:60]!r}" for t, n in texts.items() if n > 1]
        if len(records) < min_n:
            problems.append(f"{name}: {len(records)} narratives, fewer than {min_n}")
        traps = sum(1 for r in records if TRAPS & set(r["phenomena"]))
        if traps < min_traps:
            problems.append(f"{name}: {traps} trap narratives, fewer than {min_traps}")
        codes = Counter(c for r in records for c in r["indicators"])
        for code in CODES:
            need = min_red if code in RED_FLAGS else min_code
            if codes[code] < need:
                problems.append(f"{name}: {code} asserted {codes[code]} times, fewer than {need}")
        sets[name] = records

    heldout = HERE / "heldout.jsonl"
    readme = HERE / "README.md"
    if heldout.exists() and readme.exists():
        expected = recorded_hash(readme)
        actual = hashlib.sha256(heldout.read_bytes()).hexdigest()
        if expected is None:
            problems.append("README.md: no 'heldout.jsonl SHA-256: <hash>' line")
        elif expected != actual:
            problems.append(f"heldout.jsonl SHA-256 is {actual}, README.md records {expected}")
        else:
            print(f"heldout.jsonl SHA-256 {actual} matches README.md")

    print_counts(sets)
    if problems:
        print(f"\n{len(problems)} problem(s):", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
