"""orjson for request bodies: malformed, non-object, over-deep JSON and text the database cannot
store are 400 VALIDATION_ERROR (core.edge_input)."""

from __future__ import annotations

from typing import Any

from rest_framework.parsers import BaseParser

from core.edge_input import parse_json_object


class OrjsonParser(BaseParser):
    media_type = "application/json"

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        raw = stream.read() if stream is not None else b""
        return parse_json_object(raw) if raw.strip() else {}
