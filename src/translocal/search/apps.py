from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "translocal.search"
    label = "search"
