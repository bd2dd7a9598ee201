"""Cairn: multi-agency safeguarding referral and case management."""

__version__ = "0.1.0"
