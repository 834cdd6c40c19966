from django.db import models


class CaseFacetCount(models.Model):
    """How many published cases carry one value of one facet of the case list: a general issue,
    a scope, a decision method or a method (``ref``: the term's or method's id) or a country or
    original language (``value``: the ISO code). The unfiltered case list reads its facet counts
    here (one query of a few hundred rows) instead of grouping 10,000 cases.

    Written only by database triggers (knowledge.facet_counts: on the cases, their four facet
    link tables and the places' countries), in the transaction of the write that moves a count,
    so every path (services, admin, imports, bulk inserts, merges, raw SQL) keeps it exact;
    ``manage.py rebuild_case_facet_counts`` recomputes it from the cases. A row can stay at 0;
    labels, slugs and whether a method is published are joined when reading.
    """

    facet = models.CharField(max_length=16)
    ref = models.BigIntegerField(default=0)
    value = models.CharField(max_length=16, default="", blank=True)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["facet", "ref", "value"], name="case_facet_count_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.facet} {self.ref or self.value}: {self.n}"
