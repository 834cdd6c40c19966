from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "translocal.core"
    label = "core"
