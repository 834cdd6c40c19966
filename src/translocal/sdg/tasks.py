"""Background tasks (django-tasks; the worker runs beside the web server, tests run them inline)."""

from django_tasks import task

from . import services


@task()
def suggest_for_object_task(kind: str, object_id: int) -> int:
    """Refresh the SDG suggestions of one object after a write to it committed."""
    return services.refresh_suggestions(kind=kind, object_id=object_id)
