"""The breakdowns of the national release and how a referral's value in each is derived."""

from __future__ import annotations

from datetime import date, datetime

from cairn.lib.vocab import CONCERN_TYPES, ETHNICITIES, GENDERS, REGIONS, SECTORS

AGE_BANDS: dict[str, str] = {
    "10_under": "10 and under",
    "11_15": "11 to 15",
    "16_17": "16 to 17",
    "18_20": "18 to 20",
    "21_30": "21 to 30",
    "31_40": "31 to 40",
    "41_50": "41 to 50",
    "over_50": "Over 50",
}

CONSENT: dict[str, str] = {"given": "Consent given", "refused": "Consent refused or obstructed"}
MH_ND: dict[str, str] = {"yes": "Recorded", "no": "Not recorded"}

#: The "no ideology" group of concern types, totalled in the release.
NO_IDEOLOGY = tuple(k for k in CONCERN_TYPES if k.startswith("no_ideology_"))

#: Each breakdown: its field on `ReferralFact`, title and value labels in published order.
#: The empty value "" is "not recorded".
DIMENSIONS: dict[str, tuple[str, dict[str, str]]] = {
    "sector": ("Referring sector", SECTORS),
    "concern_type": ("Type of concern", CONCERN_TYPES),
    "age_band": ("Age at referral", AGE_BANDS),
    "gender": ("Gender", {k: v for k, v in GENDERS.items() if k != "not_known"}),
    "region": ("Region", REGIONS),
    "consent": ("Consent", CONSENT),
    "mh_nd": ("Mental health or neurodiversity need", MH_ND),
    "ethnicity": ("Ethnicity", {k: v for k, v in ETHNICITIES.items() if k != "not_stated"}),
}

#: Dimensions kept as cells (region is the cell's own column).
CELL_DIMENSIONS = tuple(d for d in DIMENSIONS if d != "region")

MH_ND_CODES = frozenset(
    {"mental_health_need", "neurodivergence_diagnosed", "neurodivergence_suspected"}
)


def financial_year(moment: datetime | date) -> tuple[int, int]:
    """The financial year (by its first year) and its quarter (1: April to June)."""
    if moment.month >= 4:
        return moment.year, (moment.month - 4) // 3 + 1
    return moment.year - 1, 4


def fy_label(fy: int) -> str:
    return f"{fy}/{(fy + 1) % 100:02d}"


def quarter_label(quarter: int) -> str:
    return {1: "April to June", 2: "July to September", 3: "October to December"}.get(
        quarter, "January to March"
    )


def age_band(born: date | None, on: date) -> str:
    """The age band at `on` of someone born on `born`; "" when the date of birth is unknown
    or after the referral."""
    if born is None or born > on:
        return ""
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    for limit, band in (
        (10, "10_under"),
        (15, "11_15"),
        (17, "16_17"),
        (20, "18_20"),
        (30, "21_30"),
        (40, "31_40"),
        (50, "41_50"),
    ):
        if age <= limit:
            return band
    return "over_50"
