"""One vector per embedded object and model, stored in the database so that every app
server (and a fresh process) builds the same in-process index from it (see index.py)."""

from django.db import models


class Embedding(models.Model):
    """The vector of one object (a search kind and object id) under one model.

    ``vector`` is the L2-normalised float32 array in little-endian bytes (``dimensions`` of
    them); ``text_hash`` is the digest of the text it was computed from, so unchanged text is
    not embedded again. An object that stops being public keeps its row with ``is_public``
    False and an empty vector (a tombstone, so that indexes refreshing incrementally drop it).
    ``revision`` orders the writes: an index reads only the rows above the last one it saw."""

    kind = models.CharField(max_length=40)
    object_id = models.PositiveBigIntegerField()
    model_name = models.CharField(max_length=80)
    dimensions = models.PositiveSmallIntegerField()
    vector = models.BinaryField()
    text_hash = models.CharField(max_length=64)
    is_public = models.BooleanField(default=True)
    revision = models.PositiveBigIntegerField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["model_name", "kind", "object_id"], name="embedding_unique_object"),
        ]
        indexes = [models.Index(fields=["model_name", "revision"], name="embedding_model_revision_idx")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} ({self.model_name})"
