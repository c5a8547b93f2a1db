"""An OpenAPI 3.0 description of our Open311 GeoReport v2 endpoints, served at
/open311/v2/openapi.json for client developers and used by the schemathesis tests.

Written from the GeoReport v2 specification (wiki.open311.org/GeoReport_v2) and what this
server adds (page/page_size as Chicago's server, the contact fields of POST): the response
shapes are the JSON format's; every path also answers in XML (`.xml`).
"""

from __future__ import annotations

from typing import Any

from iletisim.service_requests.open311 import MAX_DESCRIPTION

_STRING = {"type": "string"}
_NULLABLE_STRING = {"type": "string", "nullable": True}
_DATETIME = {
    "type": "string",
    "nullable": True,
    "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$",
}
_FORMAT = {
    "name": "format",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "enum": ["json", "xml"]},
}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _answers(ok: dict[str, Any], *errors: int) -> dict[str, Any]:
    out: dict[str, Any] = {
        "200": {
            "description": "OK",
            "content": {"application/json": {"schema": ok}, "text/xml": {"schema": _STRING}},
        }
    }
    for status in errors:
        out[str(status)] = {
            "description": "the specification's error list",
            "content": {
                "application/json": {"schema": _ref("Errors")},
                "text/xml": {"schema": _STRING},
            },
        }
    return out


def _query(name: str, description: str, **schema: Any) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": {"type": "string", **schema},
    }


SCHEMAS: dict[str, Any] = {
    "Errors": {
        "type": "array",
        "minItems": 1,
        "items": {
            "type": "object",
            "required": ["code", "description"],
            "properties": {"code": {"type": "integer"}, "description": _STRING},
        },
    },
    "Discovery": {
        "type": "object",
        "required": ["changeset", "endpoints"],
        "properties": {
            "changeset": _STRING,
            "contact": _STRING,
            "key_service": _STRING,
            "endpoints": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["specification", "url", "type", "formats"],
                    "properties": {
                        "specification": _STRING,
                        "url": _STRING,
                        "changeset": _STRING,
                        "type": {"type": "string", "enum": ["production", "test"]},
                        "formats": {"type": "array", "items": _STRING},
                    },
                },
            },
        },
    },
    "Services": {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["service_code", "service_name", "metadata", "type"],
            "properties": {
                "service_code": {"type": "string", "minLength": 1},
                "service_name": {"type": "string", "minLength": 1},
                "description": _STRING,
                "metadata": {"type": "boolean"},
                "type": {"type": "string", "enum": ["realtime", "batch", "blackbox"]},
                "keywords": _STRING,
                "group": _STRING,
            },
        },
    },
    "ServiceDefinition": {
        "type": "object",
        "required": ["service_code", "attributes"],
        "properties": {
            "service_code": _STRING,
            "attributes": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["variable", "code", "datatype", "required", "order"],
                    "properties": {
                        "variable": {"type": "boolean"},
                        "code": {"type": "string", "minLength": 1},
                        "datatype": {
                            "type": "string",
                            "enum": [
                                "string",
                                "number",
                                "datetime",
                                "text",
                                "singlevaluelist",
                                "multivaluelist",
                            ],
                        },
                        "required": {"type": "boolean"},
                        "datatype_description": _STRING,
                        "order": {"type": "integer"},
                        "description": _STRING,
                        "values": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["key", "name"],
                                "properties": {"key": _STRING, "name": _STRING},
                            },
                        },
                    },
                },
            },
        },
    },
    "ServiceRequests": {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["service_request_id", "status", "service_code", "requested_datetime"],
            "additionalProperties": False,
            "properties": {
                "service_request_id": {"type": "string", "minLength": 1},
                "status": {"type": "string", "enum": ["open", "closed"]},
                "status_notes": _NULLABLE_STRING,
                "service_name": _NULLABLE_STRING,
                "service_code": _STRING,
                "description": _NULLABLE_STRING,
                "agency_responsible": _NULLABLE_STRING,
                "service_notice": _NULLABLE_STRING,
                "requested_datetime": _DATETIME,
                "updated_datetime": _DATETIME,
                "expected_datetime": _DATETIME,
                "address": _NULLABLE_STRING,
                "address_id": _NULLABLE_STRING,
                "zipcode": _NULLABLE_STRING,
                "lat": {"type": "number", "nullable": True},
                "long": {"type": "number", "nullable": True},
                "media_url": _NULLABLE_STRING,
            },
        },
    },
    "Posted": {
        "type": "array",
        "minItems": 1,
        "maxItems": 1,
        "items": {
            "type": "object",
            "required": ["service_request_id", "token"],
            "properties": {
                "service_request_id": _STRING,
                "token": _STRING,
                "service_notice": _STRING,
                "account_id": _STRING,
            },
        },
    },
    "Tokens": {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["service_request_id", "token"],
            "properties": {"service_request_id": _STRING, "token": _STRING},
        },
    },
    "NewRequest": {
        "type": "object",
        "required": ["api_key", "service_code"],
        "anyOf": [
            {"required": ["lat", "long"]},
            {"required": ["address_string"]},
            {"required": ["address_id"]},
        ],
        "properties": {
            "api_key": _STRING,
            "service_code": _STRING,
            "lat": {"type": "number", "minimum": -90, "maximum": 90},
            "long": {"type": "number", "minimum": -180, "maximum": 180},
            "address_string": {"type": "string", "maxLength": 300},
            "address_id": _STRING,
            "description": {"type": "string", "maxLength": MAX_DESCRIPTION},
            "media_url": {"type": "string", "format": "uri", "maxLength": 500},
            "first_name": _STRING,
            "last_name": _STRING,
            "email": {"type": "string", "format": "email"},
            "phone": _STRING,
        },
        "additionalProperties": {
            "type": "string",
            "description": "attribute[CODE]: the answers to the service's attributes",
        },
    },
}


def schema(
    base_url: str = "/open311/v2/", service_codes: list[str] | None = None
) -> dict[str, Any]:
    """The description; `service_codes` (the public categories) become the enum of
    service_code, so a client (or a fuzzer) knows which codes exist."""
    code: dict[str, Any] = {"type": "string", "pattern": r"^[-\w]+$"}
    if service_codes:
        code = {"type": "string", "enum": sorted(service_codes)}
    new_request = {
        **SCHEMAS["NewRequest"],
        "properties": {**SCHEMAS["NewRequest"]["properties"], "service_code": code},
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "İletişim Open311 GeoReport v2",
            "version": "v2",
            "description": "Citizen requests of the municipality, the GeoReport v2 way. "
            "POST needs an api_key issued by the municipality's administrators.",
        },
        "servers": [{"url": base_url.rstrip("/")}],
        "paths": {
            "/discovery.{format}": {
                "get": {
                    "operationId": "open311_discovery",
                    "parameters": [_FORMAT],
                    "responses": _answers(_ref("Discovery")),
                }
            },
            "/services.{format}": {
                "get": {
                    "operationId": "open311_services",
                    "parameters": [_FORMAT],
                    "responses": _answers(_ref("Services")),
                }
            },
            "/services/{service_code}.{format}": {
                "get": {
                    "operationId": "open311_service_definition",
                    "parameters": [
                        {
                            "name": "service_code",
                            "in": "path",
                            "required": True,
                            "schema": code,
                        },
                        _FORMAT,
                    ],
                    "responses": _answers(_ref("ServiceDefinition"), 404),
                }
            },
            "/requests.{format}": {
                "get": {
                    "operationId": "open311_requests",
                    "parameters": [
                        _FORMAT,
                        _query("service_request_id", "comma-separated ids; overrides the rest"),
                        _query("service_code", "comma-separated service codes"),
                        _query("start_date", "W3C datetime", format="date-time"),
                        _query("end_date", "W3C datetime, at most 90 days after start_date"),
                        _query("status", "open, closed or both (comma-separated)"),
                        _query("page", "from 1", pattern=r"^\d+$"),
                        _query("page_size", "at most 1,000", pattern=r"^\d+$"),
                    ],
                    "responses": _answers(_ref("ServiceRequests"), 400),
                },
                "post": {
                    "operationId": "open311_post_request",
                    "parameters": [_FORMAT],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/x-www-form-urlencoded": {"schema": _ref("NewRequest")}
                        },
                    },
                    "responses": _answers(_ref("Posted"), 400, 403, 404, 429),
                },
            },
            "/requests/{service_request_id}.{format}": {
                "get": {
                    "operationId": "open311_request",
                    "parameters": [
                        {
                            "name": "service_request_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "pattern": r"^[-\w]+$"},
                        },
                        _FORMAT,
                    ],
                    "responses": _answers(_ref("ServiceRequests"), 404),
                }
            },
            "/tokens/{token}.{format}": {
                "get": {
                    "operationId": "open311_token",
                    "parameters": [
                        {
                            "name": "token",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "pattern": r"^[-\w]+$"},
                        },
                        _FORMAT,
                    ],
                    "responses": _answers(_ref("Tokens"), 404),
                }
            },
        },
        "components": {"schemas": {**SCHEMAS, "NewRequest": new_request}},
    }
