"""The OpenAPI 3.1 document of the JSON API (hand-written: the API is small and read-only).
``tests/test_api.py`` validates it with ``openapi-spec-validator``."""

from __future__ import annotations

from typing import Any


def _param(name: str, description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema or {"type": "string"}}  # fmt: skip


DATE = {"type": "string", "format": "date"}
COMMON = [
    _param("cso", "CSO id (e.g. ovd-info): records of articles that mention it"),
    _param("outlet", "outlet key (e.g. rferl)"),
    _param("from", "first day, inclusive (published date, else first seen)", DATE),
    _param("to", "last day, inclusive", DATE),
    _param("lang", "article language", {"type": "string", "enum": ["en", "ru"]}),
    _param(
        "kind",
        "articles of this kind only: an outlet's article, or a CSO's own statement (not with q)",
        {"type": "string", "enum": ["article", "statement"]},
    ),
    _param("limit", "page size", {"type": "integer", "minimum": 1, "maximum": 500}),
    _param("offset", "records to skip", {"type": "integer", "minimum": 0}),
]
SEARCH = _param(
    "q",
    'full-text search: words, "phrases", AND / OR / NOT (or -word), prefix*; Russian '
    "morphology and English stemming; results ranked, with a highlighted snippet",
)
PAGE = {
    "type": "object",
    "required": ["items", "limit", "offset", "next"],
    "properties": {
        "items": {"type": "array", "items": {"type": "object"}},
        "limit": {"type": "integer"},
        "offset": {"type": "integer"},
        "next": {"type": ["string", "null"], "description": "URL of the next page"},
    },
}
ERROR = {"type": "object", "properties": {"error": {"type": "string"}}}


def _json(schema: dict[str, Any], description: str = "OK") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _get(summary: str, params: list[dict[str, Any]], ok: dict[str, Any]) -> dict[str, Any]:
    return {
        "get": {
            "summary": summary,
            "parameters": params,
            "responses": {
                "200": ok,
                "400": _json(ERROR, "bad parameter"),
                "401": _json(ERROR, "no valid token or desk session"),
            },
        }
    }


def openapi_document(server_url: str = "/api") -> dict[str, Any]:
    """The OpenAPI document; ``server_url`` is where the API is mounted."""
    path_id = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
    cso_id = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
    by = _param("by", "period", {"type": "string", "enum": ["week", "month"]})
    timeline = {
        "type": "object",
        "properties": {
            "cso": {"type": "string"},
            "by": {"type": "string"},
            "points": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "period": DATE,
                        "articles": {"type": "integer"},
                        "mentions": {"type": "integer"},
                    },
                },
            },  # fmt: skip
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "csowatch API",
            "version": "1.0",
            "description": "Read-only access to the csowatch store. Weeks end on the "
            "configured day (Friday by default); timestamps are UTC, ISO 8601.",
        },
        "servers": [{"url": server_url or "/"}],
        "security": [{"bearer": []}, {"deskSession": []}],
        "components": {
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "a token from `csowatch tokens add NAME`",
                },
                "deskSession": {"type": "apiKey", "in": "cookie", "name": "session"},
            }  # fmt: skip
        },
        "paths": {
            "/articles": _get(
                "Articles, newest first, or search results by rank", [*COMMON, SEARCH], _json(PAGE)
            ),  # fmt: skip
            "/articles/{id}": _get(
                "One article with text, mentions and quotes", [path_id], _json({"type": "object"})
            ),  # fmt: skip
            "/mentions": _get("Mentions of CSOs", COMMON, _json(PAGE)),
            "/quotes": _get(
                "Direct quotes", [*COMMON, _param("speaker", "speaker contains")], _json(PAGE)
            ),  # fmt: skip
            "/clippings": _get(
                "Clippings (candidates and decisions)",
                [
                    *COMMON,
                    _param(
                        "status",
                        "clipping status",
                        {"type": "string", "enum": ["candidate", "approved", "rejected"]},
                    ),
                ],
                _json(PAGE),
            ),  # fmt: skip
            "/csos": _get("The tracked CSOs", [], _json({"type": "object"})),
            "/csos/{id}/timeline": _get(
                "Articles mentioning a CSO (and mentions) per week or month",
                [cso_id, by, COMMON[2], COMMON[3]],
                _json(timeline),
            ),  # fmt: skip
        },
    }
