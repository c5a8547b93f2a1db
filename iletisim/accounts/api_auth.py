"""How the staff API (/api/v1/) knows who calls: an integration's `ApiToken`
(`Authorization: Token <key>`), limited to scopes, or a staff member's browser session.

`AUTH` is the authentication list of every token-enabled view; `needs_scope(read, write)`
is the permission that limits a token to the scopes it lists (session users have every
scope, their role decides); `TokenScheme` describes the header in the OpenAPI schema.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, SessionAuthentication
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from iletisim.accounts.models import ApiToken
from iletisim.accounts.scopes import registered_scopes

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class TokenAuthentication(BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header.startswith(self.keyword + " "):
            return None
        key = header[len(self.keyword) + 1 :].strip()
        token = ApiToken.objects.usable_with(key).first()
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("invalid token")
        token.mark_used()
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class TokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "iletisim.accounts.api_auth.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>`; scopes " + ", ".join(registered_scopes()),
        }


def needs_scope(read: str, write: str | None = None) -> type[BasePermission]:
    """A permission: a token needs `read` for GET/HEAD/OPTIONS and `write` (or `read` when
    there is no `write`) otherwise. Session users have every scope their role allows."""

    class HasScope(BasePermission):
        def has_permission(self, request: Request, view: Any) -> bool:
            token = request.auth
            if not isinstance(token, ApiToken):
                return True
            needed = read if request.method in SAFE_METHODS else write or read
            return needed in token.scope_set()

    return HasScope


AUTH = [TokenAuthentication, SessionAuthentication]
