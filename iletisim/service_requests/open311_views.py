"""Open311 GeoReport v2 over HTTP (mounted at /open311/v2/): every endpoint in .json and
.xml, errors as the spec's list of {code, description}. Posting needs an API key of an
active Open311Client, is rate-limited per client and audited."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from iletisim.core.audit import log_action
from iletisim.lib.ratelimit import over_limit
from iletisim.service_requests import open311
from iletisim.service_requests.models import Open311Client
from iletisim.service_requests.open311 import Open311Error

MAX_BODY = 64 * 1024
LAST_USED_PRECISION = dt.timedelta(minutes=1)
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# The element name of one item in each XML list.
ITEM_NAMES = {
    "services": "service",
    "attributes": "attribute",
    "values": "value",
    "service_requests": "request",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
}


# Characters XML 1.0 does not allow at all (control characters, lone surrogates, U+FFFE/F):
# a description or an echoed parameter holding one would make the document unreadable.
_NOT_XML = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return escape(_NOT_XML.sub("\ufffd", str(value)))


def to_xml(root: str, data: Any) -> str:
    def node(name: str, value: Any) -> str:
        if isinstance(value, dict):
            inner = "".join(node(k, v) for k, v in value.items())
            return f"<{name}>{inner}</{name}>"
        if isinstance(value, list):
            item = ITEM_NAMES.get(name, "item")
            return f"<{name}>{''.join(node(item, v) for v in value)}</{name}>"
        return f"<{name}>{_xml_value(value)}</{name}>"

    return '<?xml version="1.0" encoding="utf-8"?>' + node(root, data)


def render(fmt: str, root: str, data: Any, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        return HttpResponse(
            to_xml(root, data), status=status, content_type="text/xml; charset=utf-8"
        )
    return HttpResponse(
        json.dumps(data, ensure_ascii=False),
        status=status,
        content_type="application/json; charset=utf-8",
    )


def _error(fmt: str, exc: Open311Error) -> HttpResponse:
    return render(fmt, "errors", exc.as_list(), exc.status)


def endpoint(root: str, methods: tuple[str, ...] = ("GET",)) -> Callable[..., Any]:
    def wrap(view: Callable[..., Any]) -> Callable[..., HttpResponse]:
        @csrf_exempt
        def inner(request: HttpRequest, fmt: str, **kwargs: Any) -> HttpResponse:
            if request.method not in methods:
                response = _error(fmt, Open311Error(405, f"{request.method} is not allowed"))
                response["Allow"] = ", ".join(methods)
                return response
            try:
                return render(fmt, root, view(request, **kwargs))
            except Open311Error as exc:
                return _error(fmt, exc)

        inner.__name__ = view.__name__
        inner.__doc__ = view.__doc__
        return inner

    return wrap


def openapi(request: HttpRequest) -> HttpResponse:
    """The OpenAPI description of these endpoints (open311_openapi.py)."""
    from iletisim.service_requests.open311_openapi import schema

    codes = list(open311.public_categories().values_list("code", flat=True))
    return render("json", "openapi", schema(request.build_absolute_uri("/open311/v2/"), codes))


@endpoint("discovery")
def discovery(request: HttpRequest) -> Any:
    return open311.discovery(request.build_absolute_uri("/open311/v2/"))


@endpoint("services")
def services(request: HttpRequest) -> Any:
    return open311.service_list()


@endpoint("service_definition")
def service_definition(request: HttpRequest, code: str) -> Any:
    return open311.service_definition(code)


@endpoint("service_requests")
def request_detail(request: HttpRequest, request_id: str) -> Any:
    return open311.get_request(request_id)


@endpoint("service_requests")
def token(request: HttpRequest, token: str) -> Any:
    return open311.token_lookup(token)


# Client systems by key hash, kept per process for a few seconds: a busy client posts many
# times a second and its row rarely changes. A save or delete in this process forgets them at
# once (apps.py connects `forget_clients`); in other processes a switched-off key keeps
# working for at most CLIENT_TTL seconds.
CLIENT_TTL = 5.0
_clients: dict[str, tuple[float, Open311Client | None]] = {}


def forget_clients(**_kwargs: Any) -> None:
    _clients.clear()


def _active_client(key: str) -> Open311Client | None:
    digest = Open311Client.hash_key(key)
    now = time.monotonic()
    kept = _clients.get(digest)
    if kept is None or now - kept[0] > CLIENT_TTL:
        client = Open311Client.objects.filter(key_hash=digest, is_active=True).first()
        if len(_clients) > 1000:  # refused keys must not grow the table without bound
            _clients.clear()
        kept = (now, client)
        _clients[digest] = kept
    return kept[1]


def _client_for(request: HttpRequest, key: str) -> Open311Client:
    client = _active_client(key) if key else None
    if client is None:
        log_action(
            "service_requests.open311.key_refused",
            data={"hint": key[-4:] if key else ""},
            request=request,
        )
        raise Open311Error(403, "api_key is missing or not valid")
    return client


def _post(request: HttpRequest) -> Any:
    content_type = request.content_type or ""
    if content_type not in FORM_TYPES:
        raise Open311Error(400, "the body must be application/x-www-form-urlencoded")
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY:
        raise Open311Error(400, f"the body is larger than {MAX_BODY} bytes")
    try:
        params = {k: request.POST.get(k, "") for k in request.POST}
    except (RequestDataTooBig, TooManyFieldsSent, UnicodeDecodeError, ValueError):
        raise Open311Error(400, "the body could not be read as a form") from None
    client = _client_for(request, params.get("api_key", ""))
    if over_limit(f"sr:open311:{client.pk}", client.rate_per_hour):
        raise Open311Error(429, "too many requests for this api_key; try again later")
    result = open311.create_request(params, client=client, request=request)
    now = timezone.now()
    if client.last_used_at is None or now - client.last_used_at > LAST_USED_PRECISION:
        # To the minute is enough for the admin, and a busy client saves a write per post.
        Open311Client.objects.filter(pk=client.pk).update(last_used_at=now)
        client.last_used_at = now  # the kept copy, so the next posts skip the write
    return result


@csrf_exempt
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    try:
        if request.method == "POST":
            return render(fmt, "service_requests", _post(request))
        if request.method == "GET":
            return render(fmt, "service_requests", open311.search_requests(request.GET))
        raise Open311Error(405, f"{request.method} is not allowed")
    except Open311Error as exc:
        return _error(fmt, exc)
