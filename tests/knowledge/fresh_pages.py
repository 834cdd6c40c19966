"""A page rendered afresh, for the tests that compare a page read two ways byte for byte."""

import re

from django.core.cache import cache

_TOKENS = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+"')


def fresh_page(client, url, language):
    """(status, HTML) of ``url`` in ``language`` with the page and fragment caches emptied first
    (each read renders afresh) and the CSRF tokens, new on every response, taken out."""
    cache.clear()
    response = client.get(url, headers={"accept-language": language})
    return response.status_code, _TOKENS.sub(r"\1", response.content.decode())
