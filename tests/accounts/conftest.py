import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """The home page caches its body; each test starts from a cold cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def signup_post(django_capture_on_commit_callbacks):
    """POST the sign-up form and run what the service left for after the commit (the e-mail),
    as a real request's transaction would."""
    from django.urls import reverse

    def post(client, data, **kwargs):  # noqa: ANN001, ANN003, ANN202
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("accounts:signup"), data, **kwargs)

    return post
