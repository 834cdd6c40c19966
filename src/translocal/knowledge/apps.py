from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "translocal.knowledge"
    label = "knowledge"
