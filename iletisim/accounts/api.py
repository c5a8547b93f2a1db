"""API views of accounts: who am I, and the units (directorates)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from iletisim.accounts.access import units_visible_to
from iletisim.accounts.models import Unit


class MembershipOut(serializers.Serializer):
    unit = serializers.CharField(source="unit.code")
    role = serializers.CharField()


class MeOut(serializers.Serializer):
    username = serializers.CharField()
    full_name = serializers.CharField(source="display_name")
    memberships = MembershipOut(many=True, source="memberships.all")


class UnitOut(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    kind = serializers.CharField()
    parent = serializers.SerializerMethodField()  # type: ignore[assignment]

    def get_parent(self, unit: Unit) -> str | None:
        return unit.parent.code if unit.parent else None


@extend_schema(responses=MeOut, operation_id="me")
@api_view(["GET"])
def me(request: Request) -> Response:
    return Response(MeOut(request.user).data)


@extend_schema(responses=UnitOut(many=True), operation_id="units_list")
@api_view(["GET"])
def unit_list(request: Request) -> Response:
    units = units_visible_to(request.user).order_by("position", "name")
    return Response(UnitOut(units, many=True).data)
