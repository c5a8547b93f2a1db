"""Staff API of citizen requests (/api/v1/): the list with filters and keyset pagination,
recording a new request, one request, and the workflow verbs (route, assign, answer, close). Every write calls the
same action function as the staff pages and is checked with the same rules; the serializers
only read input. Integrations authenticate with an accounts `ApiToken` (`Authorization:
Token <key>`, `accounts/api_auth.py`) limited to scopes: `requests:read`, `requests:write`
(registered in apps.py); staff in the browser use their session.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.dateparse import parse_datetime
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    permission_classes,
)
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from iletisim.accounts.api_auth import AUTH, needs_scope
from iletisim.accounts.models import Unit, User
from iletisim.service_requests import actions
from iletisim.service_requests.access import get_request_for_user, mask
from iletisim.service_requests.forms import StaffIntakeForm
from iletisim.service_requests.models import (
    Category,
    Channel,
    Neighbourhood,
    RequestType,
    ServiceRequest,
    TransitionError,
)

PAGE_SIZE = 50
PERMS: list[type[BasePermission]] = [
    IsAuthenticated,
    needs_scope("requests:read", "requests:write"),
]


class RequestOut(serializers.Serializer):
    tracking_number = serializers.CharField()
    type = serializers.CharField()
    status = serializers.CharField()
    channel = serializers.CharField()
    category = serializers.CharField(source="category.code", allow_null=True)
    unit = serializers.CharField(source="unit.code", allow_null=True)
    assignee = serializers.CharField(source="assignee.username", allow_null=True)
    neighbourhood = serializers.CharField(source="neighbourhood.name", allow_null=True)
    description = serializers.CharField()
    due_date = serializers.DateField(allow_null=True)
    created_at = serializers.DateTimeField()
    version = serializers.IntegerField()
    citizen = serializers.SerializerMethodField()  # type: ignore[assignment]

    def get_citizen(self, sr: ServiceRequest) -> dict[str, str]:
        show = self.context["user"].has_perm("service_requests.view_contact", sr)
        values = {"name": sr.citizen_name, "phone": sr.citizen_phone, "email": sr.citizen_email}
        return values if show else {k: mask(v) for k, v in values.items()}


ApiError = inline_serializer(
    "ApiError",
    {
        "detail": serializers.CharField(),
        "errors": serializers.DictField(
            required=False, help_text="the refused fields and why, when there are any"
        ),
    },
)


def invalid(errors: Any) -> Response:
    """A 400 in the one documented shape, whether a serializer or the form refused it."""
    return Response({"detail": "the input is not valid", "errors": errors}, status=400)


# What every operation may answer besides 200: documented, so clients (and the schemathesis
# tests) know the shapes. 401 without credentials, 403 without the role or scope, 404 for a
# number the caller may not see or that does not exist.
ERRORS = {400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError}


class RequestPage(serializers.Serializer):
    results = RequestOut(many=True)
    next = serializers.CharField(allow_null=True)


def _out(request: Request, sr: ServiceRequest) -> dict[str, Any]:
    return dict(RequestOut(sr, context={"user": request.user}).data)


class RequestIn(serializers.Serializer):
    """A request recorded by an integration (a call-centre system, CİMER transfers): the same
    fields and checks as the desk's intake form, with codes instead of ids."""

    type = serializers.ChoiceField(choices=RequestType.choices)
    channel = serializers.ChoiceField(
        choices=[c for c in Channel.choices if c[0] not in (Channel.WEB, Channel.OPEN311)]
    )
    description = serializers.CharField(max_length=5000)
    category = serializers.CharField(required=False, allow_blank=True, help_text="a code")
    answers = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        help_text="answers to the category's questions, by question code",
    )
    neighbourhood = serializers.CharField(required=False, allow_blank=True, help_text="a slug")
    address = serializers.CharField(required=False, allow_blank=True)
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False)
    citizen_name = serializers.CharField(required=False, allow_blank=True)
    citizen_phone = serializers.CharField(required=False, allow_blank=True)
    citizen_email = serializers.CharField(required=False, allow_blank=True)
    national_id = serializers.CharField(required=False, allow_blank=True)
    notify_by = serializers.ChoiceField(choices=["email", "sms", "both"], required=False)
    kvkk_acknowledged = serializers.BooleanField(required=False, default=False)
    idempotency_key = serializers.CharField(
        required=False,
        max_length=64,
        help_text="the same key twice makes one request (a retried call)",
    )


def _create(request: Request) -> Response:
    if not request.user.has_perm("service_requests.intake"):
        raise exceptions.PermissionDenied
    incoming = RequestIn(data=request.data)
    if not incoming.is_valid():
        return invalid(incoming.errors)
    data = dict(incoming.validated_data)
    category = Category.objects.filter(code=data.get("category") or "", is_active=True).first()
    if data.get("category") and category is None:
        raise exceptions.ParseError("category: unknown code")
    neighbourhood = Neighbourhood.objects.filter(slug=data.get("neighbourhood") or "").first()
    if data.get("neighbourhood") and neighbourhood is None:
        raise exceptions.ParseError("neighbourhood: unknown slug")
    # The desk's own form checks it: one set of rules for the screen and the API.
    form = StaffIntakeForm(
        {
            **{k: v for k, v in data.items() if isinstance(v, str)},
            "category": category.pk if category else "",
            "neighbourhood": neighbourhood.pk if neighbourhood else "",
            "latitude": data.get("latitude") or "",
            "longitude": data.get("longitude") or "",
            "kvkk": data["kvkk_acknowledged"],
            "form_token": data.get("idempotency_key") or secrets.token_urlsafe(24),
            **{f"q_{code}": value for code, value in (data.get("answers") or {}).items()},
        }
    )
    if not form.is_valid():
        return invalid(form.errors.get_json_data())
    clean = form.cleaned_data
    try:
        sr = actions.submit_request(
            type=clean["type"],
            description=clean["description"],
            channel=clean["channel"],
            category=clean["category"],
            neighbourhood=clean["neighbourhood"],
            address=clean["address"],
            latitude=clean["latitude"],
            longitude=clean["longitude"],
            citizen_name=clean["citizen_name"],
            citizen_phone=clean["citizen_phone"],
            citizen_email=clean["citizen_email"],
            national_id=clean["national_id"],
            notify_by=clean["notify_by"] or "both",
            kvkk_acknowledged=clean["kvkk"],
            answers=form.answers(),
            submission_key=actions.submission_key_for(
                "api", str(request.user.pk), clean["form_token"]
            ),
            by=request.user,
            request=request,
        )
    except ValidationError as exc:
        return Response({"detail": " ".join(exc.messages)}, status=400)
    return Response(_out(request, sr), status=status.HTTP_201_CREATED)


@extend_schema(
    methods=["POST"],
    request=RequestIn,
    responses={201: RequestOut, **ERRORS},
    operation_id="service_request_create",
)
@extend_schema(
    methods=["GET"],
    responses={200: RequestPage, **ERRORS},
    operation_id="service_request_list",
    parameters=[
        OpenApiParameter("status", str),
        OpenApiParameter("unit", str),
        OpenApiParameter("category", str),
        OpenApiParameter("channel", str),
        OpenApiParameter("after", str, description="the `next` value of the previous page"),
    ],
)
@api_view(["GET", "POST"])
@authentication_classes(AUTH)
@permission_classes(PERMS)
def request_list(request: Request) -> Response:
    """GET: the list; POST: record a new request (the desk's intake)."""
    if request.method == "POST":
        return _create(request)
    user = request.user
    if not (
        user.has_perm("service_requests.view_inbox")
        or user.has_perm("service_requests.view_unit_inbox")
    ):
        raise exceptions.PermissionDenied
    qs = ServiceRequest.objects.visible_to(user).select_related(
        "category", "unit", "assignee", "neighbourhood"
    )
    params = request.query_params
    for name, field in (
        ("status", "status"),
        ("unit", "unit__code"),
        ("category", "category__code"),
        ("channel", "channel"),
    ):
        if params.get(name):
            qs = qs.filter(**{field: params[name]})
    after = params.get("after", "")
    if after:
        at_text, _sep, pk_text = after.rpartition("_")
        at = parse_datetime(at_text)
        if at is None or not pk_text.isdigit():
            raise exceptions.ParseError("after: not a cursor from this API")
        qs = qs.filter(created_at__lt=at) | qs.filter(created_at=at, pk__lt=int(pk_text))
    rows = list(qs.order_by("-created_at", "-id")[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    cursor = f"{rows[-1].created_at.isoformat()}_{rows[-1].pk}" if more and rows else None
    return Response({"results": [_out(request, sr) for sr in rows], "next": cursor})


@extend_schema(responses={200: RequestOut, **ERRORS}, operation_id="service_request_detail")
@api_view(["GET"])
@authentication_classes(AUTH)
@permission_classes(PERMS)
def request_detail(request: Request, number: str) -> Response:
    return Response(_out(request, get_request_for_user(request.user, number)))


class VerbIn(serializers.Serializer):
    version = serializers.IntegerField(required=False)
    unit = serializers.CharField(required=False, help_text="route: the directorate's code")
    assignee = serializers.CharField(required=False, help_text="assign: a username")
    text = serializers.CharField(required=False, help_text="answer: the answer text")
    publish = serializers.BooleanField(required=False, default=True)


def _route(request: Request, sr: ServiceRequest, data: dict[str, Any]) -> ServiceRequest:
    unit = Unit.objects.filter(code=data.get("unit", "")).first()
    if unit is None:
        raise ValidationError("unit: unknown directorate code")
    return actions.route_request(
        sr=sr, unit=unit, by=request.user, version=data.get("version"), request=request
    )


def _assign(request: Request, sr: ServiceRequest, data: dict[str, Any]) -> ServiceRequest:
    assignee = User.objects.filter(
        username=data.get("assignee", ""), is_active=True, memberships__unit_id=sr.unit_id or 0
    ).first()
    if assignee is None:
        raise ValidationError("assignee: not an active member of the request's directorate")
    return actions.assign_request(
        sr=sr, assignee=assignee, by=request.user, version=data.get("version"), request=request
    )


def _answer(request: Request, sr: ServiceRequest, data: dict[str, Any]) -> ServiceRequest:
    text = (data.get("text") or "").strip()
    if not text:
        raise ValidationError("text: write the answer")
    if data.get("publish", True) and request.user.has_perm("service_requests.publish_answer", sr):
        return actions.publish_answer(
            sr=sr, by=request.user, text=text, version=data.get("version"), request=request
        )
    return actions.draft_answer(
        sr=sr, text=text, by=request.user, version=data.get("version"), request=request
    )


def _close(request: Request, sr: ServiceRequest, data: dict[str, Any]) -> ServiceRequest:
    return actions.close_request(
        sr=sr, by=request.user, version=data.get("version"), request=request
    )


VERBS = {
    "route": ("service_requests.route_request", _route),
    "assign": ("service_requests.assign_request", _assign),
    "answer": ("service_requests.work_request", _answer),
    "close": ("service_requests.publish_answer", _close),
}


@extend_schema(
    request=VerbIn,
    responses={200: RequestOut, **ERRORS, 409: ApiError},
    parameters=[
        OpenApiParameter(
            "verb", str, OpenApiParameter.PATH, enum=["route", "assign", "answer", "close"]
        )
    ],
    operation_id="service_request_action",
)
@api_view(["POST"])
@authentication_classes(AUTH)
@permission_classes(PERMS)
def request_action(request: Request, number: str, verb: str) -> Response:
    if verb not in VERBS:
        raise exceptions.NotFound
    permission, function = VERBS[verb]
    sr = get_request_for_user(request.user, number)
    if not request.user.has_perm(permission, sr):
        raise PermissionDenied
    incoming = VerbIn(data=request.data)
    if not incoming.is_valid():
        return invalid(incoming.errors)
    try:
        sr = function(request, sr, dict(incoming.validated_data))
    except actions.ConflictError:
        return Response(
            {"detail": "the request changed meanwhile; reload it"}, status=status.HTTP_409_CONFLICT
        )
    except TransitionError:
        return Response({"detail": "not possible in the request's current status"}, status=400)
    except ValidationError as exc:
        return Response({"detail": " ".join(exc.messages)}, status=400)
    return Response(_out(request, get_request_for_user(request.user, sr.tracking_number)))


class CategoryOut(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField(source="default_unit.code")
    target_days = serializers.IntegerField()
    is_public = serializers.BooleanField()


@extend_schema(
    responses={200: CategoryOut(many=True), **ERRORS}, operation_id="service_request_categories"
)
@api_view(["GET"])
@authentication_classes(AUTH)
@permission_classes(PERMS)
def category_list(request: Request) -> Response:
    categories = Category.objects.filter(is_active=True).select_related("default_unit")
    return Response(CategoryOut(categories, many=True).data)
