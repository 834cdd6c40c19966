from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "translocal.accounts"
    label = "accounts"
