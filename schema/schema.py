"""The GraphQL schema: root types merged from each area, plus the production guards.

Guards and their cost (strawberry-graphql 0.341):
- ParserCache + ValidationCache: a repeated query is parsed and validated once per process
  (the validation cache keyed by document identity, see ``Validated``).
- Depth and alias limits are graphql-core validation rules. Strawberry's QueryDepthLimiter /
  MaxAliasesLimiter build a *new rule class* in their constructor; used as per-request
  factories (the only non-deprecated way), the rule tuple differs on every request and the
  validation cache never hits. So the rule classes are built once here, at import, and one
  extension adds that same tuple to every operation (tests/graphql/test_guards.py proves the
  cache hits).
  Both answer QUERY_TOO_COMPLEX.
- CostLimitExtension (schema/cost.py): a document whose upstream cost is over GRAPHQL_MAX_COST
  is refused with QUERY_TOO_COMPLEX before anything executes.
- MaxTokensLimiter bounds the parser's work on hostile documents.
- ApiErrorsExtension: every error carries our code in ``extensions.code``; unexpected
  exceptions are logged and masked as INTERNAL_ERROR.
- RateLimitExtension: the same Redis limits as REST (schema/ratelimit.py); every auth mutation
  field also counts on its own (``AuthFieldLimit``, so aliases cannot multiply mail or signups).
- OneOperation: a document with several operations needs ``operationName`` (GraphQL spec,
  "GetOperation"); without it the request is an error instead of running the first one.

strawberry-graphql-django is not a dependency (its optimizer and types are for model-backed
GraphQL types, and no type here is backed by a Django model: titles come from TMDb; genres are
one cached table read), so it would only add a resolve hook to every field of every response.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar

import strawberry
from django.conf import settings
from graphql import GraphQLError, OperationDefinitionNode
from graphql.validation import ASTValidationRule, NoSchemaIntrospectionCustomRule
from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)
from strawberry.extensions.max_aliases import create_validator as alias_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule
from strawberry.extensions.runner import SchemaExtensionsRunner
from strawberry.schema.config import StrawberryConfig
from strawberry.schema.schema import validate_document
from strawberry.tools import merge_types
from strawberry.types.execution import ExecutionContext
from strawberry.utils.str_converters import to_camel_case

from schema.auth import AuthMutation
from schema.catalog import CatalogQuery
from schema.cost import QUERY_TOO_COMPLEX, CostLimitExtension
from schema.errors import ApiErrorsExtension, log_unexpected
from schema.execution import CinemateExecutionContext
from schema.extension_runner import CachedHooksRunner
from schema.me import MeMutation, MeQuery
from schema.metrics import OperationMetricsExtension
from schema.prepared import Remember
from schema.ratelimit import AUTH_FIELDS, AuthFieldLimit, RateLimitExtension, count_unparsable
from schema.socket_context import SubscriptionsOnlyOnSockets
from schema.subscriptions import Subscription
from schema.types import MovieDetails, SeriesDetails

logger = logging.getLogger("cinemate.errors")

MAX_DEPTH = 10
MAX_ALIASES = 15
MAX_TOKENS = 2000
CACHE_SIZE = 256
USE_CACHED_HOOKS = True  # schema.extension_runner


class _Tagging:
    """A validation context whose reported errors carry QUERY_TOO_COMPLEX (Strawberry's depth
    and alias rules report through the context itself, not through the rule)."""

    def __init__(self, context: Any) -> None:
        self._context = context

    def __getattr__(self, name: str) -> Any:
        return getattr(self._context, name)

    def report_error(self, error: GraphQLError) -> None:
        error.extensions = {**(error.extensions or {}), "code": QUERY_TOO_COMPLEX}
        self._context.report_error(error)


def _too_complex(rule: type[ASTValidationRule]) -> type[ASTValidationRule]:
    """``rule`` whose errors carry QUERY_TOO_COMPLEX (decisions.md section 8)."""

    class Tagged(rule):  # type: ignore[misc, valid-type]
        def __init__(self, context: Any) -> None:
            super().__init__(_Tagging(context))

    Tagged.__name__ = rule.__name__
    return Tagged


# Built once: the validation cache keys on these very classes.
GUARD_RULES = (
    _too_complex(depth_rule(MAX_DEPTH, None, None)),
    _too_complex(alias_rule(MAX_ALIASES)),
)
# settings.GRAPHQL_INTROSPECTION off: __schema and __type are refused (__typename still works).
GUARD_RULES_NO_INTROSPECTION = (*GUARD_RULES, NoSchemaIntrospectionCustomRule)

# Areas add their root types here (e.g. MeQuery / MeMutation for favourites and profile).
QUERY_TYPES: tuple[type, ...] = (CatalogQuery, MeQuery)
MUTATION_TYPES: tuple[type, ...] = (AuthMutation, MeMutation)

# Implementations of interfaces that no field names directly.
CONCRETE_TYPES: tuple[type, ...] = (MovieDetails, SeriesDetails)

Query = merge_types("Query", QUERY_TYPES)
Mutation = merge_types("Mutation", MUTATION_TYPES)

# Every auth mutation counts in the auth bucket once per executed field (schema/ratelimit.py).
for _field in Mutation.__strawberry_definition__.fields:
    if (_field.graphql_name or to_camel_case(_field.python_name)) in AUTH_FIELDS:
        _field.extensions.append(AuthFieldLimit())


class GuardRules(AddValidationRules):
    """Depth and alias limits (and no introspection when it is off), with rule classes shared
    by every request."""

    def __init__(self) -> None:
        rules = GUARD_RULES if settings.GRAPHQL_INTROSPECTION else GUARD_RULES_NO_INTROSPECTION
        super().__init__(list(rules))


class Tokens(MaxTokensLimiter):
    def __init__(self) -> None:
        super().__init__(max_token_count=MAX_TOKENS)


class Parsed(ParserCache):
    """Strawberry's ParserCache; a document that does not parse still counts (general bucket)."""

    def __init__(self) -> None:
        super().__init__(maxsize=CACHE_SIZE)

    async def on_parse(self) -> AsyncIterator[None]:  # type: ignore[override]
        context = self.execution_context
        try:
            context.graphql_document = self.cached_parse_document(
                context.query, **context.parse_options
            )
        except GraphQLError:
            await count_unparsable(context)
            raise
        yield


class Validated(ValidationCache):
    """Strawberry's ValidationCache, keyed by document identity.

    Strawberry's LRU key includes the document, whose hash (a frozen dataclass tree) is
    recomputed over the whole AST on every request: ~26 us for a 20-card list query here. The
    parser cache returns the very same document object for the same query text, so identity
    (with the document kept alive beside its entry) is a correct O(1) key.
    """

    hits = 0
    misses = 0
    _entries: ClassVar[dict[tuple[int, tuple[Any, ...]], tuple[Any, list[GraphQLError]]]] = {}

    def __init__(self) -> None:
        super().__init__(maxsize=CACHE_SIZE)

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        key = (id(document), context.validation_rules)
        entry = Validated._entries.get(key)
        if entry is not None and entry[0] is document:
            Validated.hits += 1
            errors = entry[1]
        else:
            Validated.misses += 1
            try:
                errors = validate_document(
                    context.schema._schema, document, context.validation_rules
                )
            except Exception:  # a validation rule tripping over an odd document (e.g. "{}")
                logger.warning("validation rule failed on a document", exc_info=True)
                errors = [GraphQLError("The document is not valid")]
            if len(Validated._entries) >= CACHE_SIZE:
                Validated._entries.clear()
            Validated._entries[key] = (document, errors)
        context.pre_execution_errors = errors
        yield


class OneOperation(SchemaExtension):
    """Several operations and no ``operationName``: an error (the spec's GetOperation), never
    "the first one" (what Strawberry would run)."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        # The operationName the client sent (Strawberry's public one falls back to the first).
        if document is not None and context._provided_operation_name is None:
            operations = sum(isinstance(d, OperationDefinitionNode) for d in document.definitions)
            if operations > 1:
                error = GraphQLError(
                    "The document has several operations: say which one to run in 'operationName'",
                    extensions={"code": "VALIDATION_ERROR"},
                )
                # A new list: the validation cache keeps the one it handed out.
                context.pre_execution_errors = [*(context.pre_execution_errors or ()), error]
        yield


class CinemateSchema(strawberry.Schema):
    def create_extensions_runner(
        self, execution_context: ExecutionContext, extensions: list[SchemaExtension]
    ) -> SchemaExtensionsRunner:
        if not USE_CACHED_HOOKS:
            return super().create_extensions_runner(execution_context, extensions)
        return CachedHooksRunner(execution_context=execution_context, extensions=extensions)

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Log only what is a bug or an untyped failure; NOT_FOUND & co. are normal answers."""
        log_unexpected(errors)


EXTENSIONS: list[type[SchemaExtension]] = [
    OperationMetricsExtension,  # outermost: sees the final result and its error codes
    Tokens,
    GuardRules,
    Parsed,
    Validated,
    CostLimitExtension,
    OneOperation,
    RateLimitExtension,
    SubscriptionsOnlyOnSockets,
    ApiErrorsExtension,
    Remember,  # last: its on_execute runs once every check before it has passed
]

schema = CinemateSchema(
    query=Query,
    mutation=Mutation,
    subscription=Subscription,
    extensions=EXTENSIONS,
    types=CONCRETE_TYPES,
    execution_context_class=CinemateExecutionContext,
    config=StrawberryConfig(auto_camel_case=True),
)
