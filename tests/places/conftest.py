import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """The home page caches its body; each test starts from a cold cache."""
    cache.clear()
    yield
    cache.clear()
