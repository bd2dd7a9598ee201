from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cairn.accounts"
    label = "accounts"
