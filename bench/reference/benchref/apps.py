from django.apps import AppConfig


class BenchrefConfig(AppConfig):
    name = "benchref"
