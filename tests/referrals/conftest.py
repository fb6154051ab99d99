import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_messages():
    """Service and parser tests read the English source messages; pages are tested in Dutch."""
    with translation.override("en"):
        yield
