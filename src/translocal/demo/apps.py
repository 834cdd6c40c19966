from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "translocal.demo"
    label = "demo"
