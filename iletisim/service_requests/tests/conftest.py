import pytest


@pytest.fixture(autouse=True)
def _fresh_router_cache():
    """Each test starts with the router reading the catalogue of its own database."""
    from iletisim.service_requests.open311 import forget_public_categories
    from iletisim.service_requests.open311_views import forget_clients
    from iletisim.service_requests.router import forget_targets
    from iletisim.service_requests.tasks import forget_scheduled_proposals

    forget_targets()
    forget_clients()
    forget_public_categories()
    forget_scheduled_proposals()
    yield
    forget_targets()
    forget_scheduled_proposals()
