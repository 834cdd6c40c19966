"""Background tasks of exchanges (django-tasks; the worker runs beside the web server, tests
run them inline)."""

from django_tasks import task

from .services.check_ins import send_due_check_ins


@task()
def send_check_ins_task() -> int:
    """Send the follow-up check-ins due today (services.check_ins); returns the e-mails sent."""
    return send_due_check_ins()
