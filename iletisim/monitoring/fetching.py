"""Polite HTTP fetching for monitoring: one client, every safeguard in one place.

- conditional GET (ETag, Last-Modified) and the caller skips bodies whose hash it has seen;
- robots.txt honoured per host (cached for an hour);
- per-host pacing shared by all workers through `HostPace` rows (a conditional UPDATE
  claims the next slot, so two machines never hit one host at once inside the delay),
  and at most `MONITORING_HOST_CONCURRENCY` requests in flight per host (`HostSlot`
  leases);
- timeouts per phase plus an overall deadline (a server that trickles bytes, "slow loris",
  cannot hold a worker), a size limit while streaming, redirects capped;
- 429 and 503 raise `Throttled` with the server's Retry-After.

Nothing here writes a Source or an Item: `ingest.py` decides what a result means.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import time
import urllib.robotparser
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx
from charset_normalizer import from_bytes
from django.conf import settings
from django.utils import timezone

from iletisim.lib.turkish import as_browsers_read
from iletisim.monitoring.models import HostPace, HostSlot

ROBOTS_TTL = 3600.0
_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)


class FetchError(Exception):
    """The document could not be fetched; the message is kept on the source's health."""


class TooLarge(FetchError):
    pass


class Blocked(FetchError):
    """robots.txt forbids this address."""


class Throttled(FetchError):
    def __init__(self, message: str, retry_after: dt.timedelta) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass
class Fetched:
    url: str  # after redirects
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def charset(self) -> str:
        match = re.search(r"charset=([\w\-]+)", self.headers.get("content-type", ""), re.I)
        return match.group(1) if match else ""

    def text(self) -> str:
        return decode(self.body, self.charset)


def decode(body: bytes, declared: str = "") -> str:
    """Bytes to text: the declared charset, a <meta> charset, UTF-8, then a guess.

    Turkish pages still come in windows-1254 and iso-8859-9, often declared only in <meta>;
    an ISO label is read as its Windows code page first, as browsers do.
    """
    labels = [declared] if declared else []
    match = _META_CHARSET.search(body[:4096])
    if match:
        labels.append(match.group(1).decode("ascii"))
    candidates = []
    for label in labels:
        windows = as_browsers_read(label)
        if windows:
            candidates.append(windows)  # a byte the Windows page lacks: the ISO table next
        candidates.append(label)
    candidates.append("utf-8")
    for encoding in candidates:
        try:
            return body.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    guess = from_bytes(body[:200_000]).best()
    if guess is not None and guess.encoding:
        return body.decode(guess.encoding, errors="replace")
    return body.decode("cp1254", errors="replace")


def retry_after(value: str | None, now: dt.datetime) -> dt.timedelta:
    """Retry-After as seconds or an HTTP date; one minute if absent; six hours at most."""
    default, cap = dt.timedelta(minutes=1), dt.timedelta(hours=6)
    if not value:
        return default
    value = value.strip()
    if value.isdigit():
        return min(dt.timedelta(seconds=int(value)), cap)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return default
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return min(max(when - now, dt.timedelta(0)), cap)


@dataclass
class Policy:
    user_agent: str
    timeout: float
    deadline: float
    max_bytes: int
    max_redirects: int
    host_delay: float
    host_concurrency: int = 0  # 0: no limit

    @classmethod
    def from_settings(cls) -> Policy:
        return cls(
            user_agent=settings.MONITORING_USER_AGENT,
            timeout=settings.MONITORING_TIMEOUT,
            deadline=settings.MONITORING_DEADLINE,
            max_bytes=settings.MONITORING_MAX_BYTES,
            max_redirects=settings.MONITORING_MAX_REDIRECTS,
            host_delay=settings.MONITORING_HOST_DELAY,
            host_concurrency=settings.MONITORING_HOST_CONCURRENCY,
        )


class Fetcher:
    """One per worker process; reuse it (connections and robots.txt are cached)."""

    def __init__(self, policy: Policy | None = None) -> None:
        self.policy = policy or Policy.from_settings()
        self.client = httpx.Client(
            http2=True,
            follow_redirects=True,
            max_redirects=self.policy.max_redirects,
            timeout=httpx.Timeout(self.policy.timeout),
            headers={"User-Agent": self.policy.user_agent},
        )
        self._robots: dict[str, tuple[float, urllib.robotparser.RobotFileParser | None]] = {}
        self._slotted_hosts: set[str] = set()
        self._keeping = False
        self._kept: dict[str, tuple[int, float]] = {}  # host -> (slot, lease end, monotonic)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- politeness -------------------------------------------------------------------------

    def wait_for_host(self, host: str) -> None:
        """Claim this host's next request slot; sleep until one is free."""
        delay = dt.timedelta(seconds=self.policy.host_delay)
        if not delay:
            return
        HostPace.objects.get_or_create(host=host)
        while True:
            now = timezone.now()
            if HostPace.objects.filter(host=host, next_request_at__lte=now).update(
                next_request_at=now + delay
            ):
                return
            pace = HostPace.objects.filter(host=host).values_list("next_request_at", flat=True)
            wait = (pace[0] - now).total_seconds() if pace else 0
            time.sleep(min(max(wait, 0.05), self.policy.host_delay))

    def hold_slot(self, host: str) -> int | None:
        """Take one of the host's request slots (waiting for one to free); its number.

        Inside `keeping_slots()` a slot already held is reused while its lease still covers
        a whole request (no query), and renewed otherwise."""
        limit = self.policy.host_concurrency
        if not limit:
            return None
        lease = dt.timedelta(seconds=self.policy.deadline + 2 * self.policy.timeout)
        kept = self._kept.get(host) if self._keeping else None
        if kept is not None:
            number, until = kept
            if until - time.monotonic() > self.policy.deadline + self.policy.timeout:
                return number
            now = timezone.now()
            HostSlot.objects.filter(host=host, number=number).update(held_until=now + lease)
            self._kept[host] = (number, time.monotonic() + lease.total_seconds())
            return number
        if host not in self._slotted_hosts:
            HostSlot.objects.bulk_create(
                [HostSlot(host=host, number=n) for n in range(limit)], ignore_conflicts=True
            )
            self._slotted_hosts.add(host)
        while True:
            now = timezone.now()
            for number in range(limit):
                # One conditional UPDATE per slot: of two workers racing for it, one wins.
                if HostSlot.objects.filter(host=host, number=number, held_until__lte=now).update(
                    held_until=now + lease
                ):
                    if self._keeping:
                        self._kept[host] = (number, time.monotonic() + lease.total_seconds())
                    return number
            time.sleep(0.1)

    def release_slot(self, host: str, number: int | None) -> None:
        if number is not None and not self._keeping:
            HostSlot.objects.filter(host=host, number=number).update(held_until=timezone.now())

    @contextmanager
    def keeping_slots(self) -> Iterator[None]:
        """Keep each host's slot from one request to the next (a worker going through a
        batch), and free them all at the end: two writes per batch and host, not per page."""
        self._keeping = True
        try:
            yield
        finally:
            self._keeping = False
            kept, self._kept = self._kept, {}
            for host, (number, _until) in kept.items():
                self.release_slot(host, number)

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        cached = self._robots.get(origin)
        if cached is None or cached[0] < time.monotonic():
            cached = (time.monotonic() + ROBOTS_TTL, self._load_robots(origin))
            self._robots[origin] = cached
        parser = cached[1]
        return True if parser is None else parser.can_fetch(self.policy.user_agent, url)

    def _load_robots(self, origin: str) -> urllib.robotparser.RobotFileParser | None:
        parser = urllib.robotparser.RobotFileParser()
        try:
            result = self._get(f"{origin}/robots.txt", {}, max_bytes=500_000)
        except FetchError:
            return None  # unreachable robots.txt: the page fetch will report the real error
        if result.status in (401, 403):
            parser.parse(["User-agent: *", "Disallow: /"])
        elif result.status >= 400:
            return None
        else:
            parser.parse(result.text().splitlines())
        return parser

    # -- fetching ---------------------------------------------------------------------------

    def fetch(self, url: str, *, etag: str = "", last_modified: str = "") -> Fetched:
        """GET `url` politely; raises FetchError (or Blocked, Throttled, TooLarge)."""
        if not self.allowed(url):
            raise Blocked(f"robots.txt disallows {url}")
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        result = self._get(url, headers, max_bytes=self.policy.max_bytes)
        if result.status in (429, 503):
            wait = retry_after(result.headers.get("retry-after"), timezone.now())
            raise Throttled(f"HTTP {result.status} from {url}", wait)
        if result.status >= 400:
            raise FetchError(f"HTTP {result.status} from {url}")
        return result

    def _get(self, url: str, headers: dict[str, str], *, max_bytes: int) -> Fetched:
        host = urlsplit(url).netloc
        slot = self.hold_slot(host)
        try:
            self.wait_for_host(host)
            return self._stream(url, headers, max_bytes=max_bytes)
        finally:
            self.release_slot(host, slot)

    def _stream(self, url: str, headers: dict[str, str], *, max_bytes: int) -> Fetched:
        started = time.monotonic()
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > max_bytes:
                    raise TooLarge(f"{url} is {int(declared)} bytes, over {max_bytes}")
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise TooLarge(f"{url} is over {max_bytes} bytes")
                    if time.monotonic() - started > self.policy.deadline:
                        raise FetchError(f"{url} took over {self.policy.deadline:.0f} s")
                    chunks.append(chunk)
                return Fetched(
                    url=str(response.url),
                    status=response.status_code,
                    body=b"".join(chunks),
                    headers={k.lower(): v for k, v in response.headers.items()},
                )
        except httpx.TooManyRedirects:
            raise FetchError(f"{url}: more than {self.policy.max_redirects} redirects") from None
        except httpx.TimeoutException:
            raise FetchError(f"{url}: timed out") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"{url}: {exc.__class__.__name__}: {exc}") from None
