from django.db import models


class ContentVersion(models.Model):
    """A counter bumped by every write that changes what public pages show. Cached fragments
    are keyed on it, so one cheap primary-key read tells every app server (whatever its local
    cache) whether its copy is current."""

    name = models.CharField(max_length=40, primary_key=True)
    version = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class UsageCounter(models.Model):
    """How much of a budget one key (a member and a kind of work) used in one time window;
    see core.budgets. Rows of past windows are deleted as new ones start."""

    key = models.CharField(max_length=100)
    window = models.PositiveBigIntegerField(help_text="Start of the window, in seconds since the epoch.")
    used = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window"], name="usage_counter_key_window")]

    def __str__(self) -> str:
        return f"{self.key} @{self.window}: {self.used}"
