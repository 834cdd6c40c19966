from django.contrib import admin

from .models import Term


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["label", "vocabulary", "slug", "position", "parent"]
    list_filter = ["vocabulary"]
    search_fields = ["label", "slug", "description"]
    ordering = ["vocabulary", "position", "label"]
    list_select_related = ["parent"]
    raw_id_fields = ["parent"]
