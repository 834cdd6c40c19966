"""The WSGI entry point gunicorn loads: the application, every view imported, and what loading
made moved out of the garbage collector's generations (translocal/wsgi.py)."""

import os
import subprocess
import sys

PROBE = """
import gc
import translocal.wsgi as wsgi
from django.core.handlers.wsgi import WSGIHandler
import translocal.coproduction.views  # already imported through the URLconf: no new objects
assert isinstance(wsgi.application, WSGIHandler)
print(gc.get_freeze_count(), len(gc.get_objects()))
"""


def test_loading_the_wsgi_application_freezes_what_it_loaded():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "translocal.settings"}
    done = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, check=True, timeout=120
    )
    frozen, tracked = (int(number) for number in done.stdout.split())
    assert frozen > 50_000  # the modules, settings and URL patterns
    assert tracked < frozen / 10  # what is still tracked: objects made after the freeze
