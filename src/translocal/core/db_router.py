"""Send reads to PostgreSQL read replicas when DATABASE_REPLICA_URLS names some."""

import random

from django.conf import settings


class ReplicaRouter:
    def _replicas(self) -> list[str]:
        return [alias for alias in settings.DATABASES if alias.startswith("replica")]

    def db_for_read(self, model, **hints):  # noqa: ANN001
        replicas = self._replicas()
        return random.choice(replicas) if replicas else "default"  # noqa: S311

    def db_for_write(self, model, **hints):  # noqa: ANN001
        return "default"

    def allow_relation(self, obj1, obj2, **hints):  # noqa: ANN001
        return True

    def allow_migrate(self, db, app_label, **hints):  # noqa: ANN001
        return db == "default"
