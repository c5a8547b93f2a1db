import pytest


@pytest.fixture(autouse=True)
def _monitoring_settings(settings, tmp_path):
    # No pacing between requests to the one loopback host, short timeouts, a small size limit.
    settings.MONITORING_HOST_DELAY = 0
    settings.MONITORING_HOST_CONCURRENCY = 0
    settings.MONITORING_TIMEOUT = 2
    settings.MONITORING_DEADLINE = 4
    settings.MONITORING_MAX_BYTES = 2_000_000
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def fetcher():
    from iletisim.monitoring.fetching import Fetcher

    with Fetcher() as fetcher:
        yield fetcher
