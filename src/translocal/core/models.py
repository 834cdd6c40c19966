from django.db import models


class ContentVersion(models.Model):
    """A counter bumped by every write that changes what public pages show. Cached fragments
    are keyed on it, so one cheap primary-key read tells every app server (whatever its local
    cache) whether its copy is current."""

    name = models.CharField(max_length=40, primary_key=True)
    version = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"
