"""Open311 GeoReport v2: a thin adapter between the spec's shapes and our models and actions.

Everything here is plain data (dicts and lists) or a `Open311Error`; open311_views.py turns
it into JSON or XML. Output never holds personal data: no name, phone, e-mail, national id
or street address, positions rounded to about 100 m, and requests the desk hid or whose
category is not public never appear.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import time
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from iletisim.service_requests import actions
from iletisim.service_requests.models import (
    OPEN_STATUSES,
    Category,
    CategoryQuestion,
    Channel,
    Neighbourhood,
    RequestType,
    ServiceRequest,
)

MAX_DESCRIPTION = 4000
MAX_RANGE = dt.timedelta(days=90)
DEFAULT_LIMIT = 1000
SPEC_URL = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-26T00:00:00+03:00"
DATATYPES = {
    "text": "string",
    "number": "number",
    "choice": "singlevaluelist",
    "yesno": "singlevaluelist",
}
ID_RE = re.compile(r"^\d{4}-\d{6}$")


class Open311Error(Exception):
    """An error the spec's way: an HTTP status and a list of {code, description}."""

    def __init__(self, status: int, description: str, code: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.code = code if code is not None else status
        self.description = description

    def as_list(self) -> list[dict[str, Any]]:
        return [{"code": self.code, "description": self.description}]


def iso(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


# --- services ---------------------------------------------------------------------------------


def public_categories() -> QuerySet[Category]:
    return Category.objects.filter(is_active=True, is_public=True)


# The public categories with their questions, kept per process for a few seconds: every
# Open311 post needs its category and questions (two queries of ten), and they change
# rarely. A save or delete in this process forgets them at once (apps.py connects
# `forget_public_categories`); other processes see the change within CATEGORY_TTL seconds.
CATEGORY_TTL = 5.0
_categories: dict[str, tuple[float, dict[str, Category]]] = {}


def forget_public_categories(**_kwargs: Any) -> None:
    _categories.clear()


def public_category(code: str) -> Category | None:
    """The active public category of this service_code, its questions prefetched."""
    now = time.monotonic()
    kept = _categories.get("by_code")
    if kept is None or now - kept[0] > CATEGORY_TTL:
        by_code = {c.code: c for c in public_categories().prefetch_related("questions")}
        kept = (now, by_code)
        _categories["by_code"] = kept
    return kept[1].get(code)


def service_list() -> list[dict[str, Any]]:
    categories = public_categories().select_related("default_unit").annotate(n=Count("questions"))
    return [
        {
            "service_code": c.code,
            "service_name": c.name,
            "description": c.description,
            "metadata": bool(c.n),  # type: ignore[attr-defined]
            "type": "realtime",
            "keywords": c.keywords,
            "group": c.default_unit.name,
        }
        for c in categories
    ]


def _values(q: CategoryQuestion) -> list[dict[str, str]]:
    if q.datatype == CategoryQuestion.Datatype.YESNO:
        return [{"key": "yes", "name": "Evet"}, {"key": "no", "name": "Hayır"}]
    if q.datatype == CategoryQuestion.Datatype.CHOICE:
        return [{"key": v, "name": v} for v in q.choices()]
    return []


def service_definition(code: str) -> dict[str, Any]:
    category = public_categories().filter(code=code).first()
    if category is None:
        raise Open311Error(404, f"service_code {code} not found")
    return {
        "service_code": category.code,
        "attributes": [
            {
                "variable": True,
                "code": q.code,
                "datatype": DATATYPES[q.datatype],
                "required": q.required,
                "datatype_description": "",
                "order": q.position,
                "description": q.label,
                "values": _values(q),
            }
            for q in category.questions.all()
        ],
    }


def discovery(base_url: str) -> dict[str, Any]:
    return {
        "changeset": CHANGESET,
        "contact": "Basın Yayın ve Halkla İlişkiler Müdürlüğü",
        "key_service": "API keys are issued by the municipality's administrators.",
        "endpoints": [
            {
                "specification": SPEC_URL,
                "url": base_url,
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }


# --- requests: reading ------------------------------------------------------------------------


def public_requests() -> QuerySet[ServiceRequest]:
    return ServiceRequest.objects.filter(
        hidden_from_public=False,
        category__is_public=True,
        category__is_active=True,
        anonymised_at__isnull=True,
    ).select_related("category", "category__default_unit", "unit", "neighbourhood")


def _round(value: Decimal | None) -> float | None:
    return None if value is None else round(float(value), 3)


def request_out(sr: ServiceRequest) -> dict[str, Any]:
    category = sr.category
    assert category is not None
    unit = sr.unit or category.default_unit
    closed = sr.status not in OPEN_STATUSES
    return {
        "service_request_id": sr.tracking_number,
        "status": "closed" if closed else "open",
        "status_notes": sr.get_status_display() if closed else "",
        "service_name": category.name,
        "service_code": category.code,
        "description": sr.description,
        "agency_responsible": unit.name,
        "service_notice": "",
        "requested_datetime": iso(sr.created_at),
        "updated_datetime": iso(sr.updated_at),
        "expected_datetime": iso(
            timezone.make_aware(dt.datetime.combine(sr.due_date, dt.time(17, 0)))
            if sr.due_date
            else None
        ),
        "address": sr.neighbourhood.name if sr.neighbourhood else "",
        "address_id": sr.neighbourhood.slug if sr.neighbourhood else "",
        "zipcode": "",
        "lat": _round(sr.latitude),
        "long": _round(sr.longitude),
        "media_url": "",
    }


def _parse_date(params: Mapping[str, str], name: str) -> dt.datetime | None:
    raw = params.get(name)
    if not raw:
        return None
    try:
        value = parse_datetime(raw.replace(" ", "+"))
    except ValueError:  # well-formed but impossible, e.g. month 13
        value = None
    if value is None:
        raise Open311Error(400, f"{name} is not a W3C datetime, e.g. 2026-01-01T00:00:00Z")
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def _positive(params: Mapping[str, str], name: str, default: int, maximum: int) -> int:
    raw = params.get(name)
    if raw in (None, ""):
        return default
    if not str(raw).isdigit() or int(raw) < 1:
        raise Open311Error(400, f"{name} must be a positive whole number")
    return min(int(raw), maximum)


def search_requests(params: Mapping[str, str]) -> list[dict[str, Any]]:
    qs = public_requests()
    ids = [i.strip() for i in params.get("service_request_id", "").split(",") if i.strip()]
    if ids:
        # The spec: service_request_id overrides all other arguments.
        return [request_out(sr) for sr in qs.filter(tracking_number__in=ids[:DEFAULT_LIMIT])]
    codes = [c.strip() for c in params.get("service_code", "").split(",") if c.strip()]
    if codes:
        qs = qs.filter(category__code__in=codes)
    statuses = {s.strip() for s in params.get("status", "").split(",") if s.strip()}
    if statuses - {"open", "closed"}:
        raise Open311Error(400, "status must be open or closed")
    if statuses == {"open"}:
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif statuses == {"closed"}:
        qs = qs.exclude(status__in=OPEN_STATUSES)
    start, end = _parse_date(params, "start_date"), _parse_date(params, "end_date")
    if start and end and end - start > MAX_RANGE:
        raise Open311Error(400, "start_date and end_date may be at most 90 days apart")
    if start and end and end < start:
        raise Open311Error(400, "end_date is before start_date")
    if end is None:
        end = start + MAX_RANGE if start else timezone.now()
    if start is None:
        start = end - MAX_RANGE
    qs = qs.filter(created_at__gte=start, created_at__lte=end)
    page = _positive(params, "page", 1, 100_000)
    size = _positive(params, "page_size", DEFAULT_LIMIT, DEFAULT_LIMIT)
    rows = qs.order_by("-created_at", "-id")[(page - 1) * size : page * size]
    return [request_out(sr) for sr in rows]


def get_request(request_id: str) -> list[dict[str, Any]]:
    sr = public_requests().filter(tracking_number=request_id).first()
    if sr is None:
        raise Open311Error(404, f"service_request_id {request_id} not found")
    return [request_out(sr)]


def token_lookup(token: str) -> list[dict[str, Any]]:
    sr = ServiceRequest.objects.filter(submission_key=f"open311:{token}").first()
    if sr is None:
        raise Open311Error(404, f"token {token} not found")
    return [{"service_request_id": sr.tracking_number, "token": token}]


# --- requests: creating -----------------------------------------------------------------------


def _decimal(params: Mapping[str, str], name: str, limit: int) -> Decimal | None:
    raw = params.get(name, "").strip()
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise Open311Error(400, f"{name} is not a number") from None
    if not value.is_finite() or abs(value) > limit:
        raise Open311Error(400, f"{name} is out of range")
    return value.quantize(Decimal("0.000001"))


def _answers(category: Category, params: Mapping[str, str]) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for q in category.questions.all():
        raw = params.get(f"attribute[{q.code}]", "").strip()
        if not raw:
            if q.required:
                raise Open311Error(400, f"attribute[{q.code}] is required")
            continue
        if q.datatype == CategoryQuestion.Datatype.NUMBER:
            if not raw.isdigit():
                raise Open311Error(400, f"attribute[{q.code}] must be a number")
            answers[q.code] = int(raw)
        elif q.datatype == CategoryQuestion.Datatype.TEXT:
            answers[q.code] = raw[:500]
        else:
            allowed = [v["key"] for v in _values(q)]
            if raw not in allowed:
                raise Open311Error(400, f"attribute[{q.code}] must be one of {', '.join(allowed)}")
            answers[q.code] = raw
    return answers


PHONE_RE = re.compile(r"^\+?[0-9 ()-]{10,20}$")


def _contact(params: Mapping[str, str]) -> tuple[str, str, str]:
    """The spec's optional first_name, last_name, email and phone: the citizen is then told
    the tracking number by e-mail or SMS. Never part of any Open311 output."""
    name = " ".join(
        p for p in (params.get("first_name", "").strip(), params.get("last_name", "").strip()) if p
    )[:150]
    email = params.get("email", "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise Open311Error(400, "email is not an e-mail address") from None
        if len(email) > 254:
            raise Open311Error(400, "email is not an e-mail address")
    phone = params.get("phone", "").strip()
    if phone and not PHONE_RE.match(phone):
        raise Open311Error(400, "phone is not a phone number, e.g. 0532 123 45 67")
    return name, email, phone


def create_request(
    params: Mapping[str, str], *, client: Any, request: HttpRequest | None = None
) -> list[dict[str, Any]]:
    """POST requests: validate everything first, then one action call creates the request."""
    code = params.get("service_code", "").strip()
    if not code:
        raise Open311Error(400, "service_code is required")
    category = public_category(code)
    if category is None:
        raise Open311Error(404, f"service_code {code} not found")
    lat, lon = _decimal(params, "lat", 90), _decimal(params, "long", 180)
    if (lat is None) != (lon is None):
        raise Open311Error(400, "lat and long go together")
    address = params.get("address_string", "").strip()[:300]
    address_id = params.get("address_id", "").strip()
    neighbourhood = None
    if address_id:
        neighbourhood = Neighbourhood.objects.filter(slug=address_id, is_active=True).first()
        if neighbourhood is None:
            raise Open311Error(400, f"address_id {address_id} is not known")
    if lat is None and not address and neighbourhood is None:
        raise Open311Error(400, "one of lat/long, address_string or address_id is required")
    description = params.get("description", "").strip()
    if len(description) > MAX_DESCRIPTION:
        raise Open311Error(400, f"description is longer than {MAX_DESCRIPTION} characters")
    media_url = params.get("media_url", "").strip()
    if media_url and (len(media_url) > 500 or not re.match(r"^https?://\S+$", media_url)):
        raise Open311Error(400, "media_url must be an http(s) URL")
    name, email, phone = _contact(params)
    answers = _answers(category, params)
    if media_url:
        answers["_media_url"] = media_url  # shown to staff as a link; never fetched
    answers["_open311_client"] = client.name
    token = secrets.token_urlsafe(12)
    try:
        sr = actions.submit_request(
            type=RequestType.COMPLAINT,
            description=description or category.name,
            channel=Channel.OPEN311,
            category=category,
            neighbourhood=neighbourhood,
            address=address,
            latitude=lat,
            longitude=lon,
            answers=answers,
            citizen_name=name,
            citizen_email=email,
            citizen_phone=phone,
            submission_key=f"open311:{token}",
            request=request,
            audit={"client": client.name},  # the one audit entry of a post names its client
        )
    except ValidationError as exc:
        raise Open311Error(400, " ".join(exc.messages)) from None
    return [
        {
            "service_request_id": sr.tracking_number,
            "token": token,
            "service_notice": "",
            "account_id": "",
        }
    ]
