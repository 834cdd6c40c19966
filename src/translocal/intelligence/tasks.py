"""Background tasks (django-tasks; the worker runs beside the web server, tests run them inline)."""

from django_tasks import task

from . import services


@task()
def embed_object_task(kind: str, object_id: int) -> str:
    """Embed one object after a write to it committed (see services.enqueue_embedding)."""
    return services.embed_object(kind=kind, object_id=object_id)
