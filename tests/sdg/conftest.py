import pytest

from translocal.taxonomy.importers.sdg import import_sdg


@pytest.fixture
def sdg_terms(db, shared_data):
    """The 17 goals and 169 targets, from the open-sdg data."""
    import_sdg(path=shared_data / "sdg")


@pytest.fixture
def suggest_on_write(settings):
    settings.SDG_SUGGEST_ON_WRITE = True
