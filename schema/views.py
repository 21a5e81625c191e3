"""The GraphQL endpoint (/graphql): Strawberry's async Django view with our request context,
orjson encoding, error codes on every error, and GraphiQL when opened in a browser.

Before Strawberry sees a request, its body is checked at the edge (core.edge_input): a JSON
object, not too deep, no text the database cannot store; ``variables`` an object. Anything
Strawberry refuses on its own (no query, wrong method, unsupported content type) is answered in
the GraphQL error shape too, never as plain text.
"""

from __future__ import annotations

from typing import Any

import orjson
from cross_web import HTTPException
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from strawberry.django.views import AsyncGraphQLView
from strawberry.exceptions import MissingQueryError
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from core.edge_input import check_graphql_document, check_json, parse_json_object
from core.exceptions import ApiError, MethodNotAllowed, NotFound, ValidationFailed
from core.responses import error_response
from schema.context import RequestContext, context_for
from schema.errors import to_api_graphql_error
from schema.schema import schema


class CinemateGraphQLView(AsyncGraphQLView):
    graphql_ide = "graphiql"
    allow_queries_via_get = True

    async def get_context(self, request: HttpRequest, response: HttpResponse) -> RequestContext:
        context = context_for(request)
        context.response = response
        return context

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)

    def decode_json(self, data: str | bytes) -> object:
        parsed = getattr(self, "_checked_body", None)
        if parsed is not None and data is parsed[0]:
            return parsed[1]  # already parsed (and checked) by check_request
        return orjson.loads(data)

    def check_request(self, request: HttpRequest) -> None:
        """The edge checks of core.edge_input for a GraphQL request (400 VALIDATION_ERROR)."""
        if request.method == "POST" and "json" in (request.content_type or ""):
            body = request.body
            data = parse_json_object(body)
            self._checked_body = (body, data)
            query, variables = data.get("query"), data.get("variables")
            for name in ("query", "operationName"):
                if data.get(name) is not None and not isinstance(data.get(name), str):
                    raise ValidationFailed(
                        f"{name} must be a string", details={name: ["not a string"]}
                    )
        elif request.method == "GET":
            query, variables = request.GET.get("query"), request.GET.get("variables")
            if variables:
                variables = parse_json_object(variables, where="variables")
            if query:
                check_json(query, where="query")
        else:
            return
        if variables is not None and not isinstance(variables, dict):
            raise ValidationFailed(
                "variables must be a JSON object", details={"variables": ["not an object"]}
            )
        if isinstance(query, str):
            check_graphql_document(query)

    async def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            self.check_request(request)
            return await self.run(request=request)
        except ApiError as error:
            return error_response(error, graphql=True)
        except MissingQueryError:
            return error_response(
                ValidationFailed("No GraphQL query found in the request"), graphql=True
            )
        except HTTPException as exc:
            return error_response(_http_error(exc), graphql=True)

    async def process_result(
        self, request: HttpRequest, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        # Errors raised outside the operation (e.g. by an extension before execution) never
        # passed ApiErrorsExtension: give them their code here too (idempotent).
        if result.errors:
            result.errors = [to_api_graphql_error(error) for error in result.errors]
        return await super().process_result(request, result)


def _http_error(exc: HTTPException) -> ApiError:
    if exc.status_code == 405:
        return MethodNotAllowed(exc.reason, headers={"Allow": "GET, POST"})
    if exc.status_code == 404:
        return NotFound(exc.reason)
    return ValidationFailed(exc.reason)


graphql_view: Any = csrf_exempt(CinemateGraphQLView.as_view(schema=schema))

# Mounted by backend/urls.py: path("graphql", include("schema.views")).
urlpatterns = [path("", graphql_view, name="graphql")]
