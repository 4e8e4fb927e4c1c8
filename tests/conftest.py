from __future__ import annotations

import pytest

from tests.shared import API_XSD, FIXTURES


def pytest_configure(config: pytest.Config) -> None:
    if not API_XSD.is_file():
        raise pytest.UsageError(f"Sage's api.xsd is not at {API_XSD}: ../shared must sit beside the checkout")


@pytest.fixture(scope="session")
def api_xsd_path():
    return API_XSD


@pytest.fixture(scope="session")
def fixtures_dir():
    return FIXTURES
