"""The GraphQL endpoint (/graphql): Strawberry's async Django view with our request context,
orjson encoding, error codes on every error, GraphiQL when opened in a browser (served from our
own static files, schema.graphiql; 404 unless settings.GRAPHIQL_ENABLED), automatic persisted
queries (schema.persisted_queries) and public caching of GET persisted queries of public data
(schema.caching, core.http_cache)."""

from __future__ import annotations

import dataclasses
from typing import Any

import orjson
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from graphql import GraphQLError
from strawberry.django.views import AsyncGraphQLView
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.types import ExecutionResult

from core import http_cache
from core.exceptions import ApiError, NotFound
from schema import persisted_queries
from schema.caching import public_max_age, rate_bucket
from schema.context import RequestContext, context_for
from schema.errors import to_api_graphql_error
from schema.graphiql import render_page
from schema.schema import schema


class CinemateGraphQLView(AsyncGraphQLView):
    graphql_ide = "graphiql"
    allow_queries_via_get = True

    async def get_context(self, request: HttpRequest, response: HttpResponse) -> RequestContext:
        context = context_for(request)
        context.response = response
        return context

    async def render_graphql_ide(self, request: HttpRequest) -> HttpResponse:
        if not settings.GRAPHIQL_ENABLED:
            raise NotFound("GraphiQL is not enabled on this server")
        return render_page(request)

    async def execute_single(
        self,
        request: HttpRequest,
        request_adapter: Any,
        sub_response: HttpResponse,
        context: RequestContext,
        root_value: Any,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        try:
            query, digest = await persisted_queries.resolve(
                request_data.query, request_data.extensions
            )
        except ApiError as error:
            return ExecutionResult(
                data=None,
                errors=[GraphQLError(error.message, original_error=error)],
            )
        if digest is not None:
            request_data = dataclasses.replace(request_data, query=query)
        result = await super().execute_single(
            request=request,
            request_adapter=request_adapter,
            sub_response=sub_response,
            context=context,
            root_value=root_value,
            request_data=request_data,
        )
        if (
            digest is not None
            and query is not None
            and not result.errors
            and http_cache.public_request(request)
        ):
            max_age = public_max_age(query, request_data.operation_name)
            if max_age is not None:
                request._cinemate_public_max_age = max_age  # type: ignore[attr-defined]
                bucket = rate_bucket(query, request_data.operation_name)
                request._cinemate_rate_bucket = bucket  # type: ignore[attr-defined]
        return result

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
