"""One rate limit for the whole project: a fixed-window counter in Django's cache.

`over_limit("press:click:1.2.3.4", 120, per=60)` counts one hit and says whether the
caller has passed the limit in the current window. The cache is shared by every process
when it is Redis or the database (production), per process with the local-memory cache.
"""

from __future__ import annotations

from django.core.cache import cache


def over_limit(key: str, limit: int, *, per: int = 3600) -> bool:
    """Count one hit of `key` in its window of `per` seconds; True once more than `limit`."""
    cache_key = f"rate:{key}"
    cache.add(cache_key, 0, per)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # the window ended between add and incr
        cache.set(cache_key, 1, per)
        count = 1
    return count > limit
