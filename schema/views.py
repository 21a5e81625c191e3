"""The GraphQL endpoint (/graphql): Strawberry's async Django view with our request context,
orjson encoding, error codes on every error, GraphiQL when opened in a browser (served from our
own static files, schema.graphiql; 404 unless settings.GRAPHIQL_ENABLED), automatic persisted
queries (schema.persisted_queries) and public caching of GET persisted queries of public data
(schema.caching, core.http_cache).

Before Strawberry sees a request, its body is checked at the edge (core.edge_input): a JSON
object, not too deep, no text the database cannot store; ``variables`` an object. Anything
Strawberry refuses on its own (no query, wrong method, unsupported content type) is answered in
the GraphQL error shape too, never as plain text.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import orjson
from cross_web import HTTPException
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from graphql import GraphQLError
from strawberry.django.views import AsyncGraphQLView
from strawberry.exceptions import MissingQueryError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.types import ExecutionResult

from core import http_cache
from core.edge_input import check_graphql_document, check_json, parse_json_object
from core.exceptions import ApiError, MethodNotAllowed, NotFound, ValidationFailed
from core.responses import error_response
from schema import persisted_queries, prepared
from schema.caching import public_max_age, rate_bucket
from schema.context import RequestContext, context_for
from schema.errors import to_api_graphql_error
from schema.graphiql import render_page
from schema.schema import schema


class _SubResponse(HttpResponse):
    """The headers (and status) an operation sets for its response: Strawberry's
    TemporalHttpResponse without JSON-encoding an empty body on every request."""

    status_code = None  # type: ignore[assignment]  # "not set": Strawberry keeps its own 200


class CinemateGraphQLView(AsyncGraphQLView):
    graphql_ide = "graphiql"
    allow_queries_via_get = True

    async def get_sub_response(self, request: HttpRequest) -> HttpResponse:
        return _SubResponse(content_type="application/json")  # its headers are copied over

    async def parse_http_body(self, request_adapter: Any) -> Any:
        data = self._json_post_data(request_adapter.content_type, request_adapter.headers)
        if data is None:
            return await super().parse_http_body(request_adapter)
        return data

    def _json_post_data(self, content_type: str | None, headers: Any) -> GraphQLRequestData | None:
        """The request data of a JSON POST body ``check_request`` already parsed and checked
        (Strawberry would parse the content type and the body again). None when Strawberry must
        read the request itself: no such body, a stream transport asked for, or ``extensions``
        that is not an object."""
        checked = getattr(self, "_checked_body", None)  # set for JSON POST bodies only
        if (
            checked is None
            or "application/json" not in (content_type or "").lower()
            or not isinstance(checked[1].get("extensions"), dict | None)
            or self._get_stream_transport_from_headers(headers) is not None
        ):
            return None
        data = checked[1]
        return GraphQLRequestData(
            query=data.get("query"),
            variables=data.get("variables"),
            operation_name=data.get("operationName"),
            extensions=data.get("extensions"),
            protocol="http",
        )

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
            return _protocol_error(error)
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
        if digest is not None and query is not None and not result.errors:
            _note_public_answer(request, query, request_data.operation_name)
        return result

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

    def _plain_operation(self, request: HttpRequest) -> GraphQLRequestData | None:
        """The request data of a plain JSON POST or GET operation request, as Strawberry would
        read it; None for anything else (GraphiQL, streaming, multipart, odd ``extensions``:
        Strawberry's own path answers those). ``check_request`` has already checked the types of
        ``query``, ``operationName`` and ``variables``."""
        accept = request.META.get("HTTP_ACCEPT", "")
        headers = {"accept": accept}  # the one header Strawberry reads
        if request.method == "POST":
            return self._json_post_data(request.content_type, headers)
        if request.method != "GET" or self._get_stream_transport_from_headers(headers) is not None:
            return None
        params = request.GET
        if params.get("query") is None and ("text/html" in accept or "*/*" in accept):
            return None  # Strawberry may answer with GraphiQL (its should_render_graphql_ide)
        try:
            extensions = orjson.loads(params["extensions"]) if params.get("extensions") else None
            variables = orjson.loads(params["variables"]) if params.get("variables") else None
        except orjson.JSONDecodeError:
            return None
        if not isinstance(extensions, dict | None):
            return None
        return GraphQLRequestData(
            query=params.get("query"),
            variables=variables,
            operation_name=params.get("operationName"),
            extensions=extensions,
            protocol="http",
        )

    async def run_prepared(self, request: HttpRequest) -> HttpResponseBase | None:
        """A query this process has prepared (schema.prepared), over JSON POST or GET, full
        text or persisted: answered without Strawberry's per-operation machinery. None: the
        request takes the full path."""
        data = self._plain_operation(request)
        if data is None or (data.query is None and data.extensions is None):
            return None
        operation_name, variables = data.operation_name, data.variables
        try:
            query, digest = await persisted_queries.resolve(data.query, data.extensions)
        except ApiError as error:  # answered as the full path would (not looked up twice)
            result = await self.process_result(request, _protocol_error(error))
            return HttpResponse(self.encode_json(result), content_type="application/json")
        operation = None if query is None else prepared.prepared_for(query, operation_name)
        if operation is None:
            return None
        cost = prepared.cost_for(operation, variables)
        if cost > settings.GRAPHQL_MAX_COST:
            return None  # the full path refuses it, in its own words
        # The response itself is the context's: headers set during the operation land on it
        # (Strawberry copies them over from a sub-response).
        response = HttpResponse(content_type="application/json")
        context = await self.get_context(request, response)
        body = await prepared.execute_prepared(
            schema._schema, operation, request, context, variables, cost
        )
        if digest is not None and "errors" not in body:
            _note_public_answer(request, query, operation_name)
        response.content = self.encode_json(body)
        return response

    async def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            self.check_request(request)
            prepared = await self.run_prepared(request)
            if prepared is not None:
                return prepared
            return await self.run(request=request)
        except ApiError as error:
            # The GraphiQL page (a browser asking for HTML) is a page, not a GraphQL request.
            return error_response(error, graphql=not _wants_page(request))
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


def _protocol_error(error: ApiError) -> ExecutionResult:
    """A persisted-query protocol error (not found, hash mismatch, not allowed): the answer,
    before any operation runs."""
    return ExecutionResult(data=None, errors=[GraphQLError(error.message, original_error=error)])


def _note_public_answer(request: HttpRequest, query: str, operation_name: str | None) -> None:
    """A persisted query of public data answered to an anonymous GET: core.http_cache may let
    caches keep it (and count a revalidation in its rate-limit bucket)."""
    if not http_cache.public_request(request):
        return
    max_age = public_max_age(query, operation_name)
    if max_age is not None:
        request._cinemate_public_max_age = max_age  # type: ignore[attr-defined]
        request._cinemate_rate_bucket = rate_bucket(query, operation_name)  # type: ignore[attr-defined]


def _wants_page(request: HttpRequest) -> bool:
    return (
        request.method == "GET"
        and "query" not in request.GET
        and "text/html" in request.headers.get("Accept", "")
    )


def _http_error(exc: HTTPException) -> ApiError:
    if exc.status_code == 405:
        return MethodNotAllowed(exc.reason, headers={"Allow": "GET, POST"})
    if exc.status_code == 404:
        return NotFound(exc.reason)
    return ValidationFailed(exc.reason)


graphql_view: Any = csrf_exempt(CinemateGraphQLView.as_view(schema=schema))

# Mounted by backend/urls.py: path("graphql", include("schema.views")).
urlpatterns = [path("", graphql_view, name="graphql")]
