"""The GraphQL endpoint (/graphql): Strawberry's async Django view with our request context,
orjson encoding, error codes on every error, and GraphiQL when opened in a browser."""

from __future__ import annotations

from typing import Any

import orjson
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from strawberry.django.views import AsyncGraphQLView
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

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

    async def process_result(
        self, request: HttpRequest, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        # Errors raised outside the operation (e.g. by an extension before execution) never
        # passed ApiErrorsExtension: give them their code here too (idempotent).
        if result.errors:
            result.errors = [to_api_graphql_error(error) for error in result.errors]
        return await super().process_result(request, result)


graphql_view: Any = csrf_exempt(CinemateGraphQLView.as_view(schema=schema))

# Mounted by backend/urls.py: path("graphql", include("schema.views")).
urlpatterns = [path("", graphql_view, name="graphql")]
