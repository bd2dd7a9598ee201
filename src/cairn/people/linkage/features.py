"""Turn one raw record (the dedupe input header) into the columns the model compares.

Everything here is a pure function of one record, so the batch path (`cairn dedupe`, Splink
on DuckDB) and the online path (`scorer.score` against candidates from the person index)
compare exactly the same values. Problems inside a field are data quality, not errors: the
field is nulled for matching and the problem is returned for the per-row summary.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from cairn.lib import identifiers, names
from cairn.lib.records import RECORD_COLUMNS

INPUT_COLUMNS = RECORD_COLUMNS

# The columns `prepare` returns, in order. The `bk_` columns are blocking keys: the batch
# path blocks on equality of each, and the person index stores them for indexed lookup.
FEATURE_COLUMNS = (
    "record_id",
    "given",
    "given_all",
    "given_nick",
    "family",
    "family_key",
    "dob",
    "dob_days",
    "sex",
    "postcode",
    "postcode_sector",
    "postcode_district",
    "address",
    "communal",
    "nhs",
    "upn",
    "pnc",
    "bk_nhs",
    "bk_upn",
    "bk_pnc",
    "bk_dob_given",
    "bk_dob_district",
    "bk_dob_swap_family",
    "bk_given_postcode",
    "bk_family_postcode",
    "bk_address_given",
    "bk_dob_family_initial",
    "bk_dob_initials",
    "bk_sounds_year",
    "bk_sounds_day",
    "bk_initials_postcode",
    "bk_address_initials",
    "bk_address_family",
)
BLOCKING_KEY_COLUMNS = tuple(c for c in FEATURE_COLUMNS if c.startswith("bk_"))

COMMUNAL_TERMS = (
    "childrens home",
    "children home",
    "hostel",
    "refuge",
    "supported housing",
    "supported accommodation",
    "house in multiple occupation",
    "hmo",
    "care home",
    "nursing home",
    "prison",
    "hmp",
    "young offender institution",
    "yoi",
    "secure training centre",
    "secure childrens home",
    "bail hostel",
    "approved premises",
)
_COMMUNAL_RE = re.compile(r"\b(" + "|".join(re.escape(t) for t in COMMUNAL_TERMS) + r")\b")

_EPOCH = date(1970, 1, 1)
_APOSTROPHES = "'\u2019\u2018`\u00b4\u02bc"
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_UK_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9])([A-Z]{2})$")
_DATE_FORMATS = (
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
    re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$"),
    re.compile(r"^(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})$"),
    re.compile(r"^(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})$"),
)
_SEX_CODES = {
    "m": "M",
    "male": "M",
    "man": "M",
    "boy": "M",
    "f": "F",
    "female": "F",
    "woman": "F",
    "girl": "F",
    "u": None,
    "unknown": None,
    "not known": None,
    "x": None,
    "": None,
}


@dataclass(frozen=True)
class Prepared:
    """One record's comparison columns and the data-quality problems found in its fields."""

    values: dict[str, object]
    problems: list[str] = field(default_factory=list)


def fold(text: str | None) -> str:
    """Lower case, accents stripped, apostrophes dropped, other punctuation to spaces."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    for mark in _APOSTROPHES:
        stripped = stripped.replace(mark, "")
    return _NON_ALNUM.sub(" ", stripped.lower()).strip()


@lru_cache(maxsize=200_000)
def name_tokens(text: str | None) -> tuple[str, ...]:
    """A name's tokens after `normalise_name` (accents, apostrophes, Mc/Mac, al- forms)."""
    if not text:
        return ()
    return tuple(names.name_tokens(text))


@lru_cache(maxsize=200_000)
def family_key(family: str) -> str | None:
    """A key on which spellings of one surname agree: transliterations, gendered Slavic
    endings, Mc/Mac and al- prefixes, spaces and hyphens of double-barrelled names."""
    if not family:
        return None
    key = names.transliteration_key(names.slavic_surname_stem(family)).replace(" ", "")
    return key or None


@lru_cache(maxsize=200_000)
def nickname(given: str) -> str | None:
    """The canonical member of a given name's nickname group (Bill and William agree)."""
    if not given:
        return None
    return names.nickname_group(given) or None


@lru_cache(maxsize=200_000)
def parse_date(text: str | None) -> date | None:
    if not text or not text.strip():
        return None
    cleaned = text.strip()
    for pattern in _DATE_FORMATS:
        found = pattern.match(cleaned)
        if found:
            try:
                return date(int(found["y"]), int(found["m"]), int(found["d"]))
            except ValueError:
                return None
    return None


def normalise_sex(text: str | None) -> tuple[str | None, bool]:
    """`(code, known)`: code is "M", "F" or None; known is False for an unrecognised value."""
    key = (text or "").strip().lower()
    if key in _SEX_CODES:
        return _SEX_CODES[key], True
    return None, False


@lru_cache(maxsize=200_000)
def normalise_postcode(text: str | None) -> tuple[str | None, str | None, str | None]:
    """`(postcode, sector, district)`; a non-UK code keeps only the whole value."""
    if not text:
        return None, None, None
    compact = re.sub(r"[^A-Za-z0-9]", "", text).upper()
    if not compact:
        return None, None, None
    found = _UK_POSTCODE.match(compact)
    if not found:
        return compact, None, None
    outward, sector_digit, _unit = found.groups()
    return compact, f"{outward} {sector_digit}", outward


def normalise_nhs(text: str | None) -> tuple[str | None, bool]:
    """`(number, valid)`: ten digits when the checksum passes; None (and not valid) if not."""
    if not text or not text.strip():
        return None, True
    number = identifiers.nhs_number_normalise(text)
    return number, number is not None


def normalise_upn(text: str | None) -> tuple[str | None, bool]:
    if not text or not text.strip():
        return None, True
    upn = identifiers.upn_normalise(text)
    return upn, upn is not None


def normalise_pnc(text: str | None) -> tuple[str | None, bool]:
    """PNC ids in long (2004/0123456X) or short (04/123456X) form to one key."""
    if not text or not text.strip():
        return None, True
    pnc = identifiers.pnc_id_normalise(text)
    return pnc, pnc is not None


@lru_cache(maxsize=200_000)
def normalise_address(text: str | None) -> str | None:
    folded = fold(text)
    return folded or None


def is_communal(address: str | None, listed: frozenset[str] = frozenset()) -> bool:
    """An address is communal if listed as such or if it names a children's home, hostel,
    refuge, supported housing, a house in multiple occupation, a care home or a prison."""
    if not address:
        return False
    if address in listed:
        return True
    return _COMMUNAL_RE.search(address.replace("children s ", "childrens ")) is not None


def _key(*parts: object) -> str | None:
    """A blocking key from its parts, or None if any part is missing."""
    for part in parts:
        if part is None or part == "":
            return None
    return "|".join(str(p) for p in parts)


@lru_cache(maxsize=200_000)
def sound(name: str | None) -> str | None:
    """The Soundex code of a name with its spaces removed (None for no name)."""
    return names.soundex(name) or None if name else None


@lru_cache(maxsize=200_000)
def _given_parts(raw: str | None) -> tuple[str | None, str | None, str | None]:
    tokens = name_tokens(raw)
    given = tokens[0] if tokens else None
    return given, " ".join(tokens) or None, nickname(given or "")


@lru_cache(maxsize=200_000)
def _family_parts(raw: str | None) -> tuple[str | None, str | None]:
    family = " ".join(name_tokens(raw)) or None
    return family, family_key(family or "")


@lru_cache(maxsize=200_000)
def _dob_parts(raw: str | None) -> tuple[str | None, int | None, str | None, bool]:
    """`(iso, days since 1970, iso with day and month in order, unparseable)`."""
    parsed = parse_date(raw)
    if parsed is None:
        return None, None, None, bool(raw and raw.strip())
    low, high = sorted((parsed.month, parsed.day))
    return parsed.isoformat(), (parsed - _EPOCH).days, f"{parsed.year}-{low:02d}-{high:02d}", False


@lru_cache(maxsize=200_000)
def _address_parts(raw: str | None) -> tuple[str | None, bool, str | None]:
    address = normalise_address(raw)
    start = " ".join(address.split()[:3]) if address else None
    return address, is_communal(address), start


def prepare_row(
    record: Mapping[str, str | None], communal_addresses: frozenset[str] = frozenset()
) -> tuple[tuple[object, ...], list[str]]:
    """The comparison columns of one record in `FEATURE_COLUMNS` order, and its problems."""
    problems: list[str] = []
    given, given_all, nick = _given_parts(record.get("given_name"))
    family, fkey = _family_parts(record.get("family_name"))
    dob, dob_days, dob_ordered, dob_bad = _dob_parts(record.get("date_of_birth"))
    if dob_bad:
        problems.append("date_of_birth: not a date")
    sex, sex_known = normalise_sex(record.get("sex"))
    if not sex_known:
        problems.append("sex: unknown code")
    postcode, sector, district = normalise_postcode(record.get("postcode"))
    address, communal, address_start = _address_parts(record.get("address"))
    if communal_addresses and address in communal_addresses:
        communal = True
    nhs, nhs_ok = normalise_nhs(record.get("nhs_number"))
    if not nhs_ok:
        problems.append("nhs_number: fails its checksum")
    upn, upn_ok = normalise_upn(record.get("upn"))
    if not upn_ok:
        problems.append("upn: fails its check letter")
    pnc, pnc_ok = normalise_pnc(record.get("pnc_id"))
    if not pnc_ok:
        problems.append("pnc_id: not a valid PNC id")
    place = district or postcode
    # Blocking keys, built inline (this runs a million times a batch): a key is None when
    # any part is missing. `_key` is the readable form of the same rule. `initials` and
    # `sounds` ignore which field holds which name, for records with the names swapped;
    # Soundex codes also survive many keying slips after a name's first letter. The last
    # key, the start of the address with the family name's Soundex code, finds a person
    # recorded at one address with a different first name (a middle name used as first,
    # an initial) and no date of birth or postcode on one record.
    initials = "".join(sorted((given[:1], family[:1]))) if given and family else None
    sound_given, sound_family = sound(given), sound(fkey)
    sounds = "|".join(sorted((sound_given, sound_family))) if sound_given and sound_family else None
    row = (
        record.get("record_id"),
        given,
        given_all,
        nick,
        family,
        fkey,
        dob,
        dob_days,
        sex,
        postcode,
        sector,
        district,
        address,
        communal,
        nhs,
        upn,
        pnc,
        nhs,
        upn,
        pnc,
        f"{dob}|{nick}" if dob and nick else None,
        f"{dob}|{place}" if dob and place else None,
        f"{dob_ordered}|{fkey[:3]}" if dob_ordered and fkey else None,
        f"{nick}|{postcode}" if nick and postcode else None,
        f"{fkey}|{postcode}" if fkey and postcode else None,
        f"{address_start}|{given[:1]}" if address_start and given else None,
        f"{dob}|{family[:1]}" if dob and family else None,
        f"{dob}|{initials}" if dob and initials else None,
        f"{sounds}|{dob[:4]}" if sounds and dob else None,
        f"{sounds}|{dob[5:]}" if sounds and dob else None,
        f"{initials}|{postcode}" if initials and postcode else None,
        f"{address_start}|{initials}" if address_start and initials else None,
        f"{address_start}|{sound_family}" if address_start and sound_family else None,
    )
    return row, problems


def prepare(
    record: Mapping[str, str | None], communal_addresses: frozenset[str] = frozenset()
) -> Prepared:
    """The comparison columns of one record, by name, and the problems found in its fields."""
    row, problems = prepare_row(record, communal_addresses)
    return Prepared(values=dict(zip(FEATURE_COLUMNS, row, strict=True)), problems=problems)


def blocking_keys(record: Mapping[str, str | None]) -> list[str]:
    """The keys the person index stores with a record: candidates for an incoming record are
    the records sharing at least one key, fetched by indexed equality rather than a scan.
    The same keys are the batch blocking rules, so online and batch find the same pairs."""
    values = prepare(record).values
    return [f"{c[3:]}:{values[c]}" for c in BLOCKING_KEY_COLUMNS if values[c] is not None]
