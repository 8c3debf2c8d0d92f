"""/api/search/ and its suggestions are limited per client IP (RATE_LIMIT_SEARCH_IP)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/api/search/", "/api/search/suggest/"])
def test_search_and_suggestions_are_rate_limited(api_client, settings, path):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "search_ip": "3/h"}
    statuses = [api_client.get(path, {"q": "phone"}).status_code for _ in range(4)]
    assert 429 not in statuses[:3]
    assert statuses[3] == 429
    other_ip = api_client.get(path, {"q": "phone"}, REMOTE_ADDR="198.51.100.77")
    assert other_ip.status_code != 429
