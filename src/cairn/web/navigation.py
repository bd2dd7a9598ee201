"""Where each role can go: one list for the navigation and the home page, so the two agree."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cairn.accounts import permissions
from cairn.panels import permissions as panel_permissions
from cairn.reporting import permissions as reporting_permissions
from cairn.work import permissions as work_permissions


@dataclass(frozen=True)
class Destination:
    text: str
    url_name: str
    allowed: Callable[[Any], bool]
    #: what the home page says it is for
    purpose: str


DESTINATIONS: tuple[Destination, ...] = (
    Destination("Home", "web:home", permissions.is_staff_member, ""),
    Destination(
        "People",
        "people:list",
        permissions.can_view_people,
        "find people your agency holds records about, and their referrals",
    ),
    Destination(
        "Cases", "cases:list", permissions.can_view_cases, "triage, assess and decide on cases"
    ),
    Destination(
        "Panels",
        "panels:list",
        panel_permissions.can_view_panels,
        "meetings, agendas, support plans, interventions and reviews",
    ),
    Destination(
        "Tasks", "work:mine", work_permissions.can_use_tasks, "your work and your team's queue"
    ),
    Destination(
        "Chronologies",
        "chronology:people",
        permissions.can_list_chronologies,
        "one timeline per person across agencies",
    ),
    Destination(
        "Identity reviews",
        "people:review-queue",
        permissions.can_review_identity,
        "decide whether two records are one person",
    ),
    Destination(
        "Import a case file",
        "chronology:casefile-import",
        permissions.can_import_case_files,
        "load another system's case file into the chronology",
    ),
    Destination(
        "Send events",
        "chronology:events-upload",
        permissions.can_send_partner_events,
        "add your agency's events to a person's chronology",
    ),
    Destination(
        "Onward referrals",
        "cases:onward-inbox",
        permissions.can_respond_onward_referrals,
        "cases the programme team has passed to your agency, to accept or answer",
    ),
    Destination(
        "My referrals",
        "referrals:mine",
        permissions.can_view_own_referrals,
        "the status of the referrals you have made",
    ),
    Destination(
        "Make a referral",
        "referrals:start",
        permissions.can_submit_referral,
        "tell the programme team about a concern",
    ),
    Destination(
        "Statistics",
        "reporting:overview",
        permissions.can_view_aggregates,
        "referral counts, with small numbers suppressed",
    ),
    Destination(
        "Dashboard",
        "reporting:operations",
        reporting_permissions.can_view_operations,
        "how the programme's work is flowing",
    ),
    Destination(
        "Audit log",
        "audit:search",
        permissions.can_view_audit_log,
        "search who read or changed what, and check the log has not been altered",
    ),
    Destination(
        "Users",
        "accounts:user-list",
        permissions.can_manage_users,
        "add users, change their roles, unlock accounts and reset two-factor",
    ),
    Destination(
        "Agencies",
        "accounts:agency-list",
        permissions.can_manage_agencies,
        "the organisations that take part",
    ),
    Destination(
        "API tokens",
        "accounts:token-list",
        permissions.can_manage_api_tokens,
        "credentials for partner systems",
    ),
    Destination(
        "Notifications",
        "work:notifications",
        work_permissions.can_read_notifications,
        "messages about your work",
    ),
)

#: among the home page's places but not in the navigation ("Make a referral" is a start
#: button on the referrer's pages and the home page, not a navigation item)
HOME_ONLY = frozenset({"referrals:start"})


def destinations_for(user: Any) -> list[Destination]:
    return [d for d in DESTINATIONS if d.allowed(user)]
