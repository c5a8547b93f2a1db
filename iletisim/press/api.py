"""Staff API of press (/api/v1/press/): published communications (embargo respected), the
contact book (masked unless the user may manage it, KVKK) and journalists' requests.

Each operation is one function; input and output serializers are separate and hold no
logic; writes go through the same actions as the staff pages, checked with the same rules.
Integrations authenticate with an accounts `ApiToken` (`Authorization: Token <key>`,
`accounts/api_auth.py`; press's scopes are registered in `registry.py`); staff in the
browser use their session.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.dateparse import parse_datetime
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from iletisim.accounts.api_auth import AUTH, needs_scope
from iletisim.core.audit import log_action
from iletisim.press import actions
from iletisim.press.access import parse_id
from iletisim.press.content import search_words
from iletisim.press.models import (
    Communication,
    Journalist,
    Kind,
    PressRequest,
    Suppression,
)
from iletisim.press.public_views import PUBLIC_KINDS

PAGE_SIZE = 50


def _cursor(after: str) -> tuple[Any, int] | None:
    if not after:
        return None
    at_text, _sep, pk_text = after.rpartition("_")
    at = parse_datetime(at_text)
    pk = parse_id(pk_text)
    if at is None or pk is None:
        raise exceptions.ValidationError({"after": "not a cursor from this API"})
    return at, pk


def _require(request: Request, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise exceptions.PermissionDenied


# --- Published communications ----------------------------------------------------------------


class PhotoOut(serializers.Serializer):
    caption = serializers.CharField()
    credit = serializers.CharField()
    usage_rights = serializers.CharField()
    url = serializers.SerializerMethodField()  # type: ignore[assignment]

    def get_url(self, photo: Any) -> str:
        return str(self.context["request"].build_absolute_uri(photo.file.url))


class DocumentOut(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.SerializerMethodField()  # type: ignore[assignment]

    def get_url(self, document: Any) -> str:
        return str(self.context["request"].build_absolute_uri(document.file.url))


class CommunicationOut(serializers.Serializer):
    slug = serializers.CharField()
    kind = serializers.CharField(help_text=", ".join(Kind.values))
    title = serializers.CharField()
    lead = serializers.CharField()
    body = serializers.CharField(help_text="Sanitised HTML.")
    tags = serializers.ListField(child=serializers.CharField(), source="tag_list")
    video_links = serializers.ListField(child=serializers.CharField(), source="video_list")
    directorates = serializers.SerializerMethodField()  # type: ignore[assignment]
    event_at = serializers.DateTimeField(allow_null=True)
    event_place = serializers.CharField()
    published_at = serializers.DateTimeField()
    press_room_url = serializers.SerializerMethodField()  # type: ignore[assignment]
    photos = PhotoOut(many=True, source="photos.all")
    documents = DocumentOut(many=True, source="documents.all")

    def get_directorates(self, item: Communication) -> list[str]:
        return [unit.code for unit in item.units.all()]

    def get_press_room_url(self, item: Communication) -> str:
        from django.urls import reverse

        url = reverse("press_public:detail", args=[item.slug])
        return str(self.context["request"].build_absolute_uri(url))


class CommunicationPage(serializers.Serializer):
    results = CommunicationOut(many=True)
    next = serializers.CharField(allow_null=True)


def _published() -> Any:
    return (
        Communication.objects.public()
        .filter(kind__in=PUBLIC_KINDS)
        .prefetch_related("units", "photos", "documents")
    )


@extend_schema(
    responses=CommunicationPage,
    operation_id="press_communication_list",
    parameters=[
        OpenApiParameter("kind", str, enum=[k.value for k in PUBLIC_KINDS]),
        OpenApiParameter("q", str, description="words, Turkish-aware (case, letters, suffixes)"),
        OpenApiParameter("after", str, description="the `next` value of the previous page"),
    ],
)
@api_view(["GET"])
@authentication_classes(AUTH)
@permission_classes([IsAuthenticated, needs_scope("press:communications")])
def communication_list(request: Request) -> Response:
    """Published communications, newest first; nothing under embargo."""
    _require(request, "press.list_communications")
    items = _published()
    for word in search_words(request.query_params.get("q", "")):
        items = items.filter(search_text__contains=word)
    if request.query_params.get("kind"):
        items = items.filter(kind=request.query_params["kind"])
    cursor = _cursor(request.query_params.get("after", ""))
    if cursor:
        at, pk = cursor
        items = items.filter(Q(published_at__lt=at) | Q(published_at=at, pk__lt=pk))
    rows = list(items.order_by("-published_at", "-id")[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    last = rows[-1] if more and rows else None
    context = {"request": request}
    return Response(
        {
            "results": CommunicationOut(rows, many=True, context=context).data,
            "next": f"{last.published_at.isoformat()}_{last.pk}" if last else None,
        }
    )


@extend_schema(responses=CommunicationOut, operation_id="press_communication_detail")
@api_view(["GET"])
@authentication_classes(AUTH)
@permission_classes([IsAuthenticated, needs_scope("press:communications")])
def communication_detail(request: Request, slug: str) -> Response:
    """One published communication; 404 while it is under embargo."""
    _require(request, "press.list_communications")
    item = _published().filter(slug=slug).first()
    if item is None:
        raise exceptions.NotFound
    return Response(CommunicationOut(item, context={"request": request}).data)


# --- The contact book ------------------------------------------------------------------------


def _mask_phone(phones: str) -> str:
    digits = [c for c in phones if c.isdigit()]
    return f"*** {''.join(digits[-2:])}" if digits else ""


class OutletOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    scope = serializers.CharField()
    periodicity = serializers.CharField()


class JournalistOut(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    outlet = OutletOut(allow_null=True)
    role = serializers.CharField()
    beats = serializers.CharField()
    city = serializers.CharField()
    language = serializers.CharField()
    email = serializers.SerializerMethodField()  # type: ignore[assignment]
    phones = serializers.SerializerMethodField()  # type: ignore[assignment]
    masked = serializers.SerializerMethodField()  # type: ignore[assignment]
    legal_basis = serializers.CharField()
    data_source = serializers.CharField()
    do_not_contact = serializers.BooleanField()
    suppressed = serializers.SerializerMethodField()  # type: ignore[assignment]
    last_contacted_at = serializers.DateTimeField(allow_null=True)

    def get_masked(self, journalist: Journalist) -> bool:
        return not self.context["show_contact"]

    def get_email(self, journalist: Journalist) -> str:
        return journalist.email if self.context["show_contact"] else journalist.masked_email

    def get_phones(self, journalist: Journalist) -> str:
        return journalist.phones if self.context["show_contact"] else _mask_phone(journalist.phones)

    def get_suppressed(self, journalist: Journalist) -> bool:
        return journalist.email.lower() in self.context["suppressed"]


class JournalistPage(serializers.Serializer):
    results = JournalistOut(many=True)
    next = serializers.IntegerField(allow_null=True)


@extend_schema(
    responses=JournalistPage,
    operation_id="press_contact_list",
    parameters=[
        OpenApiParameter("city", str),
        OpenApiParameter("outlet", int),
        OpenApiParameter("after", int, description="the `next` value of the previous page"),
    ],
)
@api_view(["GET"])
@authentication_classes(AUTH)
@permission_classes([IsAuthenticated, needs_scope("press:contacts")])
def contact_list(request: Request) -> Response:
    """Journalists; e-mail and phones masked unless the user may manage the contact book.
    Do-not-contact and the suppression list are shown, so an integration never writes to
    those people."""
    _require(request, "press.view_contacts")
    found = Journalist.objects.select_related("outlet")
    params = request.query_params
    if params.get("city"):
        found = found.filter(city__iexact=params["city"])
    if params.get("outlet"):
        outlet_id = parse_id(params["outlet"])
        if outlet_id is None:
            raise exceptions.ValidationError({"outlet": "an outlet id"})
        found = found.filter(outlet_id=outlet_id)
    after = params.get("after", "")
    if after:
        after_id = parse_id(after)
        if after_id is None:
            raise exceptions.ValidationError({"after": "not a cursor from this API"})
        found = found.filter(id__gt=after_id)
    rows = list(found.order_by("id")[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    emails = {j.email.lower() for j in rows if j.email}
    show_contact = request.user.has_perm("press.manage_contacts")
    context = {
        "show_contact": show_contact,
        "suppressed": set(
            Suppression.objects.filter(email__in=emails).values_list("email", flat=True)
        ),
    }
    if show_contact and rows:
        log_action(
            "press.api.contacts_read",
            actor=request.user,
            data={"count": len(rows), "first": rows[0].pk, "last": rows[-1].pk},
            request=request._request,
        )
    return Response(
        {
            "results": JournalistOut(rows, many=True, context=context).data,
            "next": rows[-1].pk if more and rows else None,
        }
    )


# --- Journalists' requests -------------------------------------------------------------------


class PressRequestOut(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text=", ".join(PressRequest.RequestKind.values))
    channel = serializers.CharField(help_text=", ".join(PressRequest.Channel.values))
    status = serializers.CharField(help_text=", ".join(PressRequest.RequestStatus.values))
    full_name = serializers.CharField()
    outlet_name = serializers.CharField()
    email = serializers.EmailField()
    phone = serializers.CharField()
    message = serializers.CharField()
    assigned_to = serializers.CharField(source="assigned_to.username", allow_null=True)
    answer = serializers.CharField()
    created_at = serializers.DateTimeField()


class PressRequestPage(serializers.Serializer):
    results = PressRequestOut(many=True)
    next = serializers.CharField(allow_null=True)


class PressRequestIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PressRequest.RequestKind.choices)
    channel = serializers.ChoiceField(
        choices=[PressRequest.Channel.EMAIL, PressRequest.Channel.PHONE],
        help_text="How the request reached the press office.",
    )
    full_name = serializers.CharField(max_length=150)
    outlet_name = serializers.CharField(max_length=200)
    email = serializers.EmailField(max_length=254)
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")
    message = serializers.CharField(max_length=4000)


def _request_list(request: Request) -> Response:
    _require(request, "press.view_requests")
    found = PressRequest.objects.select_related("assigned_to")
    state = request.query_params.get("status", "")
    if state:
        if state not in PressRequest.RequestStatus.values:
            raise exceptions.ValidationError({"status": "unknown status"})
        found = found.filter(status=state)
    cursor = _cursor(request.query_params.get("after", ""))
    if cursor:
        at, pk = cursor
        found = found.filter(Q(created_at__lt=at) | Q(created_at=at, pk__lt=pk))
    rows = list(found.order_by("-created_at", "-id")[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    last = rows[-1] if more and rows else None
    return Response(
        {
            "results": PressRequestOut(rows, many=True).data,
            "next": f"{last.created_at.isoformat()}_{last.pk}" if last else None,
        }
    )


def _request_create(request: Request) -> Response:
    _require(request, "press.manage_requests")
    incoming = PressRequestIn(data=request.data)
    incoming.is_valid(raise_exception=True)
    data = dict(incoming.validated_data)
    kind, channel = data.pop("kind"), data.pop("channel")
    created = actions.receive_press_request(data=data, kind=kind, channel=channel, by=request.user)
    return Response(PressRequestOut(created).data, status=status.HTTP_201_CREATED)


@extend_schema(
    methods=["GET"],
    responses=PressRequestPage,
    operation_id="press_request_list",
    parameters=[
        OpenApiParameter("status", str, enum=PressRequest.RequestStatus.values),
        OpenApiParameter("after", str, description="the `next` value of the previous page"),
    ],
)
@extend_schema(
    methods=["POST"],
    request=PressRequestIn,
    responses={201: PressRequestOut},
    operation_id="press_request_create",
)
@api_view(["GET", "POST"])
@authentication_classes(AUTH)
@permission_classes([IsAuthenticated, needs_scope("press:requests:read", "press:requests:write")])
def press_requests(request: Request) -> Response:
    """GET lists journalists' requests, newest first; POST records one taken by phone or
    e-mail (the press room form has its own public page)."""
    if request.method == "POST":
        return _request_create(request)
    return _request_list(request)
