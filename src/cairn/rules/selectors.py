"""Reads of policies, and the replay of a case file under one."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from cairn.lib.casefile import CaseFile, Subject, loads
from cairn.rules.catalogue import NARRATIVE_KINDS, REGISTRY
from cairn.rules.engine import Facts, Flag, evaluate_rules
from cairn.rules.models import Policy
from cairn.rules.policies import PolicySpec
from cairn.rules.replay import IdentityCheck, default_suggester, replay

if TYPE_CHECKING:
    from cairn.accounts.models import User
    from cairn.people.models import Person


#: The name of the policy the programme works under: decisions are judged, flags stored and
#: markers measured by its newest version. One name for the whole deployment.
POLICY_IN_FORCE = "2025"


class PolicyNotFound(LookupError):
    """No policy of that name (or version)."""


def policy_list() -> list[Policy]:
    """Every version of every policy, newest version of each name first."""
    return list(Policy.objects.select_related("created_by").order_by("name", "-version"))


def policy_names() -> list[str]:
    return sorted(set(Policy.objects.values_list("name", flat=True)))


def policy_get(*, name: str, version: int | None = None) -> Policy | None:
    """The named policy's given version, or the newest (the one in force)."""
    found = Policy.objects.filter(name=name)
    if version is not None:
        return found.filter(version=version).first()
    return found.order_by("-version").first()


def policy_spec(policy: Policy) -> PolicySpec:
    return PolicySpec(
        name=policy.name,
        version=policy.version,
        enabled=tuple(policy.enabled),
        parameters=dict(policy.parameters),
    )


def policy_in_force(*, name: str, version: int | None = None) -> PolicySpec:
    """What a decision records and a replay applies; `PolicyNotFound` if there is none."""
    policy = policy_get(name=name, version=version)
    if policy is None:
        which = f"{name!r}" + (f" version {version}" if version is not None else "")
        known = ", ".join(policy_names()) or "none"
        raise PolicyNotFound(f"no policy {which} (known: {known})")
    return policy_spec(policy)


def _as_record(subject: Subject, overrides: Mapping[str, Any]) -> dict[str, str | None]:
    identifiers = dict(subject.identifiers)
    identifiers.update(overrides.get("identifiers") or {})
    dob = subject.date_of_birth.isoformat() if subject.date_of_birth else None
    record: dict[str, str | None] = {
        "given_name": subject.given_name,
        "family_name": subject.family_name,
        "date_of_birth": dob,
        "sex": subject.sex if subject.sex in ("male", "female") else None,
        "postcode": subject.postcode,
        "address": subject.address,
        "nhs_number": identifiers.get("nhs_number"),
        "upn": identifiers.get("upn"),
        "pnc_id": identifiers.get("pnc_id"),
    }
    for key in ("given_name", "family_name", "date_of_birth", "sex", "postcode", "address"):
        if key in overrides:
            value = overrides[key]
            record[key] = None if value is None else str(value)
    return record


def identity_check() -> IdentityCheck:
    """What identity resolution would do with a record naming the subject as recorded,
    scored against the subject by the matching model in force."""
    from cairn.people.services import active_scorer

    scorer = active_scorer()

    def check(subject: Subject, recorded: Mapping[str, Any]) -> str:
        result = scorer.score(_as_record(subject, {}), _as_record(subject, recorded))
        return str(result.outcome)

    return check


def replay_casefile(
    data: bytes, *, policy: str, version: int | None = None, until: date
) -> dict[str, Any]:
    """Check a case file, then replay it under the named policy. Raises `CaseFileError`
    (naming event and field) or `PolicyNotFound`; reads nothing else and writes nothing."""
    case_file = loads(data)
    return _replay(case_file, policy_in_force(name=policy, version=version), until)


def _replay(case_file: CaseFile, spec: PolicySpec, until: date) -> dict[str, Any]:
    """Replay, loading the suggester's language model and the matching model only when some
    entry needs them."""
    needs_suggester = any(
        e.indicators is None and e.summary and e.kind in NARRATIVE_KINDS for e in case_file.events
    )
    needs_identity = any(e.fields.get("subject_as_recorded") for e in case_file.events)
    return replay(
        case_file,
        spec,
        until=until,
        suggester=default_suggester() if needs_suggester else None,
        identity=identity_check() if needs_identity else None,
    )


def policy_version_choices() -> list[tuple[str, str]]:
    """`name:version` of every stored policy version, for choosing one to replay under."""
    return [
        (f"{p.name}:{p.version}", f"{p.name}, version {p.version}")
        for p in Policy.objects.order_by("-name", "-version")
    ]


def replay_person_for(
    *, user: User, person_id: int, policy: str, version: int | None, until: date
) -> dict[str, Any] | None:
    """The replay of a person's chronology from the database, holding only the entries the
    viewer may see (the read is audited by the chronology); `None` if the viewer may not see
    the person or there is none; `PolicyNotFound` for an unknown policy."""
    from cairn.chronology.selectors import person_casefile_for

    spec = policy_in_force(name=policy, version=version)
    case_file = person_casefile_for(user=user, person_id=person_id, review=True)
    if case_file is None:
        return None
    return _replay(case_file, spec, until)


@dataclass(frozen=True)
class OpenFlag:
    """A flag open now on a person's chronology, with the entries behind its evidence."""

    flag: Flag
    evidence_entries: tuple[int, ...]
    raised_by_entry: int | None


def person_open_flags_for(
    *, user: User, person: Person, policy: str = POLICY_IN_FORCE
) -> tuple[PolicySpec, list[OpenFlag]]:
    """The flags the policy in force raises now on what the viewer may see of the person's
    chronology, blocking ones first. Evaluated over the viewer's view, so a flag never rests
    on (or reveals) an entry they may not see; the case workflow judges decisions on the
    whole chronology."""
    from django.utils import timezone

    from cairn.chronology.selectors import person_events_indexed

    spec = policy_in_force(name=policy)
    events, entry_of = person_events_indexed(user=user, person=person)
    if not events:
        return spec, []
    now = timezone.now()
    rules = [rule for rule in REGISTRY if rule.id in set(spec.enabled)]
    facts = Facts(date_of_birth=person.date_of_birth)
    flags = [
        f for f in evaluate_rules(rules, events, now, spec.parameters, facts) if f.open_at(now)
    ]
    flags.sort(key=lambda f: (not f.blocking, f.raised_at))
    return spec, [
        OpenFlag(
            flag=f,
            evidence_entries=tuple(entry_of[e] for e in f.evidence if e in entry_of),
            raised_by_entry=entry_of.get(f.raised_by or ""),
        )
        for f in flags
    ]
