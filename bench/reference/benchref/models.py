from django.db import models


class Item(models.Model):
    title = models.CharField(max_length=200)
    summary = models.TextField()
    place = models.CharField(max_length=100)
    created = models.DateTimeField()

    def __str__(self) -> str:
        return self.title


class Entry(models.Model):
    """One row per (user id, item): what a support is, without the rest of the platform."""

    user_id = models.BigIntegerField()
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="entries")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user_id", "item"], name="benchref_entry_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} -> {self.item_id}"
