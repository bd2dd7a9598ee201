from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "cairn.referrals"
    label = "referrals"
