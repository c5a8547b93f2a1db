"""Staff API of citizen requests: one request, as the staff member may see it."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from iletisim.service_requests.access import get_request_for_user, mask
from iletisim.service_requests.models import ServiceRequest


class RequestOut(serializers.Serializer):
    tracking_number = serializers.CharField()
    type = serializers.CharField()
    status = serializers.CharField()
    channel = serializers.CharField()
    category = serializers.CharField(source="category.code", allow_null=True)
    unit = serializers.CharField(source="unit.code", allow_null=True)
    neighbourhood = serializers.CharField(source="neighbourhood.name", allow_null=True)
    description = serializers.CharField()
    due_date = serializers.DateField(allow_null=True)
    created_at = serializers.DateTimeField()
    citizen = serializers.SerializerMethodField()  # type: ignore[assignment]

    def get_citizen(self, sr: ServiceRequest) -> dict[str, str]:
        show = self.context["show_contact"]
        values = {"name": sr.citizen_name, "phone": sr.citizen_phone, "email": sr.citizen_email}
        return values if show else {k: mask(v) for k, v in values.items()}


@extend_schema(responses=RequestOut, operation_id="service_request_detail")
@api_view(["GET"])
def request_detail(request: Request, number: str) -> Response:
    sr = get_request_for_user(request.user, number)
    show = request.user.has_perm("service_requests.view_contact", sr)
    return Response(RequestOut(sr, context={"show_contact": show}).data)
