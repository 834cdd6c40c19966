"""The search index as ordinary tables, so both databases can filter and count facets with
plain SQL. The full-text structure lives beside them and is vendor-specific: an FTS5 table
``search_fts`` (external content on SearchEntry) on SQLite, a weighted ``search_vector``
tsvector column with a GIN index on PostgreSQL, beside ``title_vector`` (the title alone, read
by the ranking); see migrations/0002 and 0008 and backends/."""

from django.conf import settings
from django.db import models


class SearchEntry(models.Model):
    """One indexed object. Written only by translocal.search.backends."""

    kind = models.CharField(max_length=40)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=400)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    keywords = models.TextField(blank=True, help_text="Place, country and facet labels, weighted lowest.")
    url = models.CharField(max_length=500, blank=True)
    language = models.CharField(max_length=12, blank=True)
    # The object an entry stands for: "case:12" for case 12 and for each of its translations,
    # so search shows one result per object and counts facets per object, not per document.
    group_key = models.CharField(max_length=80, blank=True, db_index=True)
    country = models.CharField(max_length=2, blank=True)
    place_id = models.PositiveBigIntegerField(null=True, blank=True)
    place_name = models.CharField(max_length=200, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # The one date a result shows and what it means (core.dates.DateMeaning): a case's start,
    # a reflection's publication. Empty meaning: the result shows no date.
    date = models.DateField(null=True, blank=True)
    date_meaning = models.CharField(max_length=20, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    boost = models.FloatField(default=0.0, help_text="Richness of the entry; breaks near-ties.")
    is_public = models.BooleanField(default=True)
    # Reserved for private item types: the one account that may find a non-public entry.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name_plural = "search entries"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique_object"),
            models.CheckConstraint(
                condition=models.Q(is_public=True) | models.Q(owner__isnull=False),
                name="search_entry_private_has_owner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.title}"

    # Read through search.selectors.in_reader_language: the translation's title and link when
    # the object has one in the reader's language, else the entry's own.
    @property
    def display_title(self) -> str:
        return getattr(self, "reader_title", None) or self.title

    @property
    def display_url(self) -> str:
        return getattr(self, "reader_url", None) or self.url

    @property
    def display_language(self) -> str:
        if getattr(self, "reader_title", None):
            return str(getattr(self, "reader_language", "") or self.language)
        return self.language


class SearchFacet(models.Model):
    """One facet value of an entry; facet counts are GROUP BY queries over this table."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="facets")
    name = models.CharField(max_length=40)
    value = models.CharField(max_length=200)
    label = models.CharField(max_length=300)
    # The label in other interface languages, {language code: label} (a term's labels).
    labels = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [models.Index(fields=["name", "value", "entry"], name="search_facet_name_value_idx")]
        constraints = [
            models.UniqueConstraint(fields=["entry", "name", "value"], name="search_facet_unique_value")
        ]

    def __str__(self) -> str:
        return f"{self.name}={self.value}"
