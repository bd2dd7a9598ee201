"""A policy as data: a name, a version, the rules it enables and their parameters.

`PolicySpec` is the plain form the engine and the replay read; `models.Policy` stores it.
`check_policy` is the one place a policy's contents are checked, so a policy with an unknown
rule or an out-of-range parameter is refused the same way from the page, a migration or a
test. `SHIPPED` holds the two policies every database starts with (data migration
`0002_shipped_policies` writes them): `2025`, the catalogue's defaults, and `2019`, a
reconstruction of the practice of that time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from cairn.rules.catalogue import REGISTRY, RULES
from cairn.rules.engine import ParameterError, resolve_params


@dataclass(frozen=True)
class PolicySpec:
    name: str
    version: int
    enabled: tuple[str, ...]
    parameters: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.name} (version {self.version})"


def check_policy(
    parameters: Any, enabled: Any
) -> tuple[dict[str, dict[str, Any]], tuple[str, ...]]:
    """The policy's parameters (every enabled rule's, defaults filled in) and enabled rule ids
    in registry order; `ParameterError` naming the field (`enabled`, or `parameters.<rule>` /
    `parameters.<rule>.<name>`) for anything refused."""
    if not isinstance(enabled, list | tuple) or not all(isinstance(r, str) for r in enabled):
        raise ParameterError("enabled", "must be a list of rule ids")
    for rule_id in enabled:
        if rule_id not in RULES:
            raise ParameterError("enabled", f"{rule_id!r} is not a rule")
    if not isinstance(parameters, dict):
        raise ParameterError("parameters", "must map rule ids to their parameters")
    checked: dict[str, dict[str, Any]] = {}
    for rule_id, values in parameters.items():
        if rule_id not in RULES:
            raise ParameterError(f"parameters.{rule_id}", f"{rule_id!r} is not a rule")
        if not isinstance(values, dict):
            raise ParameterError(f"parameters.{rule_id}", "must map parameter names to values")
        try:
            checked[rule_id] = resolve_params(RULES[rule_id], values)
        except ParameterError as error:
            raise ParameterError(f"parameters.{error.field}", error.message) from error
    ordered = tuple(rule.id for rule in REGISTRY if rule.id in set(enabled))
    full = {rule.id: checked.get(rule.id) or rule.defaults() for rule in REGISTRY if rule.params}
    return {
        k: {n: list(v) if isinstance(v, tuple) else v for n, v in p.items()}
        for k, p in full.items()
    }, ordered


def defaults() -> dict[str, dict[str, Any]]:
    return check_policy({}, [])[0]


POLICY_2019_ENABLED: Sequence[str] = (
    "information-gathering",
    "closure-rationale",
    "support-plan-missing",
    "panel-review-gap",
    "post-exit-review",
)


def shipped() -> dict[str, tuple[dict[str, dict[str, Any]], tuple[str, ...], str]]:
    """name -> (parameters, enabled, note) of the policies every database starts with."""
    params_2019 = defaults()
    params_2019["information-gathering"]["require_dates"] = False
    params_2019["closure-rationale"]["require_evidence"] = False
    params_2019["closure-rationale"]["countersign_flagged"] = False
    return {
        "2025": (
            defaults(),
            tuple(rule.id for rule in REGISTRY),
            "The domain brief's catalogue with its default numbers.",
        ),
        "2019": (
            params_2019,
            tuple(POLICY_2019_ENABLED),
            "A reconstruction of 2019 practice: partner checks marked without dates, a "
            "rationale without countersignature, support plans, panel reviews and post-exit "
            "reviews; closure for no ideology allowed; no repeat-referral, violence-fixation, "
            "child, pending-assessment, marker or onward-referral rules.",
        ),
    }
