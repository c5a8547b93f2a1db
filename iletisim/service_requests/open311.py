"""Open311 GeoReport v2, read side: the service list and each service's definition, so
city apps and civic-tech tools can discover our categories. A thin adapter over the models;
posting requests through Open311 (with API keys) is left for the channels issue."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from iletisim.service_requests.models import Category, CategoryQuestion

DATATYPES = {
    "text": "string",
    "number": "number",
    "choice": "singlevaluelist",
    "yesno": "singlevaluelist",
}


class ServiceOut(serializers.Serializer):
    service_code = serializers.CharField(source="code")
    service_name = serializers.CharField(source="name")
    description = serializers.CharField()
    metadata = serializers.SerializerMethodField()  # type: ignore[assignment]
    type = serializers.SerializerMethodField()  # type: ignore[assignment]
    keywords = serializers.CharField()
    group = serializers.CharField(source="default_unit.name")

    def get_metadata(self, category: Category) -> bool:
        return bool(getattr(category, "question_count", 0))

    def get_type(self, category: Category) -> str:
        return "realtime"


class AttributeOut(serializers.Serializer):
    variable = serializers.SerializerMethodField()  # type: ignore[assignment]
    code = serializers.CharField()
    datatype = serializers.SerializerMethodField()  # type: ignore[assignment]
    required = serializers.BooleanField()  # type: ignore[assignment]
    description = serializers.CharField(source="label")
    order = serializers.IntegerField(source="position")
    values = serializers.SerializerMethodField()  # type: ignore[assignment]

    def get_variable(self, q: CategoryQuestion) -> bool:
        return True

    def get_datatype(self, q: CategoryQuestion) -> str:
        return DATATYPES[q.datatype]

    def get_values(self, q: CategoryQuestion) -> list[dict[str, str]]:
        if q.datatype == CategoryQuestion.Datatype.YESNO:
            return [{"key": "yes", "name": "Evet"}, {"key": "no", "name": "Hayır"}]
        return [{"key": v, "name": v} for v in q.choices()]


class DefinitionOut(serializers.Serializer):
    service_code = serializers.CharField(source="code")
    attributes = AttributeOut(many=True, source="questions.all")


@extend_schema(responses=ServiceOut(many=True), operation_id="open311_services")
@api_view(["GET"])
@permission_classes([AllowAny])
def services(request: Request) -> Response:
    from django.db.models import Count

    categories = (
        Category.objects.filter(is_active=True)
        .select_related("default_unit")
        .annotate(question_count=Count("questions"))
    )
    return Response(ServiceOut(categories, many=True).data)


@extend_schema(responses=DefinitionOut, operation_id="open311_service_definition")
@api_view(["GET"])
@permission_classes([AllowAny])
def service_definition(request: Request, code: str) -> Response:
    category = get_object_or_404(Category.objects.filter(is_active=True), code=code)
    return Response(DefinitionOut(category).data)
