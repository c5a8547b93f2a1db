"""The one rate limit, in the development cache and in a real Redis (a private
redis-server: the production choice with REDIS_URL)."""

from __future__ import annotations

import redis
import time_machine
from django.core.cache import cache
from django.test import override_settings

from iletisim.lib.ratelimit import over_limit


def test_the_limit_counts_each_key_apart():
    assert [over_limit("test:a", 3) for _ in range(5)] == [False, False, False, True, True]
    assert over_limit("test:b", 3) is False


def test_a_new_window_starts_afresh():
    with time_machine.travel("2026-11-26 10:00:00", tick=False) as clock:
        assert [over_limit("test:window", 1, per=60) for _ in range(2)] == [False, True]
        clock.shift(61)
        assert over_limit("test:window", 1, per=60) is False


def test_in_redis_processes_share_the_count():
    from iletisim.lib.testing.redis import RedisServer

    with RedisServer() as server:
        in_redis = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": server.url,
            "KEY_PREFIX": "iletisim",
        }
        with override_settings(CACHES={"default": in_redis}):  # restored before Redis stops
            counted = [over_limit("test:redis", 2, per=30) for _ in range(3)]
            assert counted == [False, False, True]
            key = cache.make_key("rate:test:redis")
            raw = redis.Redis.from_url(server.url)  # what another process would read
            assert int(raw.get(key)) == 3
            assert 0 < raw.ttl(key) <= 30  # the window ends there too
