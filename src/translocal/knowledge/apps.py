from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "translocal.knowledge"
    label = "knowledge"

    def ready(self) -> None:
        from . import search_indexes  # noqa: F401 - registers what this app puts in search
