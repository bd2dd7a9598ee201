"""The deterministic rules applied after the model has scored a pair, shared by batch
dedupe and the online scorer. They decide the outcome from the pair's comparison levels
(by label), the communal flags and the match probability:

- a matching identifier links only when a second field agrees (given name exact or nickname,
  family name exact or same spelling key, or date of birth exact);
- conflicting identifiers of one type (both present, different) never auto-link;
- some pairs always go to a human: twins (same or nearly the same family name, same date of
  birth and address, different given names), others sharing a date of birth and an address
  under different given names, a communal address on either side, and the same address
  with different dates of birth and no shared identifier.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

Outcome = Literal["linked", "review", "new"]

AUTO_LINK_THRESHOLD = 0.999
# The batch default (`cairn dedupe --review-threshold`) is the default and the online
# one (`CAIRN_MATCH_REVIEW`): pairs from 0.5 go to a person. A deployment that can afford more
# review may lower it; 0.3 finds more of a badly keyed person's pairs (benchmarks/RESULTS.md).
REVIEW_THRESHOLD = 0.5

_GIVEN_AGREES = {"exact", "nickname"}
_GIVEN_SWAPPED = {"given and family swapped", "swapped, one name close"}
_FAMILY_AGREES = {"exact", "same spelling key"}
# Twins' shared family name may be keyed with a slip in one record, so the twins rule asks
# less of it than an identifier link does.
_FAMILY_CLOSE = _FAMILY_AGREES | {"one part of the other", "Jaro-Winkler >= 0.92"}
_DOB_DIFFERS = {"day and month swapped", "one character off", "within a year", "different"}
_SAME_ADDRESS = {"exact", "Jaro-Winkler >= 0.9"}


@dataclass(frozen=True)
class Thresholds:
    auto_link: float = AUTO_LINK_THRESHOLD
    review: float = REVIEW_THRESHOLD


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    deterministic: bool
    conflict: bool
    forced_review_reason: str | None


def forced_review_reason(levels: Mapping[str, str], communal: bool) -> str | None:
    """Why this pair must go to a person whatever its score, or None."""
    given, family, dob = levels["given_name"], levels["family_name"], levels["date_of_birth"]
    address, postcode = levels["address"], levels["postcode"]
    same_place = address in _SAME_ADDRESS or (address == "missing" and postcode == "exact")
    if (
        family in _FAMILY_CLOSE
        and dob == "exact"
        and same_place
        and given not in _GIVEN_AGREES
        and given != "missing"
    ):
        return "twins"
    # Two people born the same day at one address with different names (twins whose
    # surname one agency keys differently, a couple): the date and the address outweigh
    # the names in the model, so a person decides. Names swapped between the fields are
    # one person's, and left to the score.
    if (
        dob == "exact"
        and same_place
        and given not in _GIVEN_AGREES
        and given not in _GIVEN_SWAPPED
        and given != "missing"
    ):
        return "same address and date of birth, names differ"
    if communal:
        return "communal address"
    # A parent and the child named after them, or siblings, share an address; only the date
    # of birth tells them apart, so without it (or with it disagreeing) a person decides.
    if (
        (address in _SAME_ADDRESS or postcode == "exact")
        and (dob in _DOB_DIFFERS or dob == "missing")
        and levels["identifiers"] != "agree"
    ):
        return "same address, different or missing date of birth"
    return None


def decide(
    levels: Mapping[str, str],
    communal: bool,
    probability: float,
    thresholds: Thresholds = Thresholds(),
) -> Decision:
    """The outcome for one scored pair: linked, review or new."""
    conflict = levels["identifiers"] == "conflict"
    second_field = (
        levels["given_name"] in _GIVEN_AGREES
        or levels["family_name"] in _FAMILY_AGREES
        or levels["date_of_birth"] == "exact"
    )
    deterministic = levels["identifiers"] == "agree" and second_field
    reason = forced_review_reason(levels, communal)
    outcome: Outcome
    if reason == "twins":
        outcome = "review"
    elif reason is None and not conflict and (deterministic or probability >= thresholds.auto_link):
        outcome = "linked"
    elif (
        probability >= thresholds.review
        or deterministic
        or (levels["identifiers"] == "agree" and reason is None)
    ):
        outcome = "review"
    else:
        outcome = "new"
    return Decision(outcome, deterministic, conflict, reason)
