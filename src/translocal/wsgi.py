"""The WSGI entry point: ``gunicorn translocal.wsgi:application`` (docs/operations.md).

Once the application and its URLconf are loaded, the objects they made (modules, settings,
URL patterns: about 145,000 tracked objects) leave the garbage collector's generations
(``gc.freeze``, Python 3.7+): they live as long as the worker, and every full collection
would walk them again. On a support request the collector's CPU went from 0.13-0.15 to
0.03 ms (bench/README.md, "Supports under load").

The handler is Django's with the URL resolution of each path kept (translocal.core.handlers)."""

import gc
import os

import django
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "translocal.settings")
django.setup(set_prefix=False)  # as django.core.wsgi.get_wsgi_application does

# Django's handler, with each path's URL resolution kept per process (core/handlers.py).
from translocal.core.handlers import WSGIHandler  # noqa: E402 - needs the apps loaded

application = WSGIHandler()
get_resolver().url_patterns  # noqa: B018 - imports every view now, not on the first request
gc.collect()
gc.freeze()
