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


class Lineage(models.Model):
    """That one thing became another, across apps that may not import each other: a
    commitment taken home from an exchange became a co-production process. Both ends are a
    registered kind and an id (no foreign keys: the apps are independent), and what a viewer
    is shown of either end is decided by the app that owns it (see core.lineage)."""

    source_kind = models.CharField(max_length=60)
    source_id = models.PositiveBigIntegerField()
    target_kind = models.CharField(max_length=60)
    target_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source_kind", "source_id", "target_kind"], name="lineage_one_target"),
        ]
        indexes = [models.Index(fields=["target_kind", "target_id", "source_kind"], name="lineage_target")]

    def __str__(self) -> str:
        return f"{self.source_kind} {self.source_id} -> {self.target_kind} {self.target_id}"
