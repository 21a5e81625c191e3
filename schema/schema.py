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
- MaxTokensLimiter bounds the parser's work on hostile documents.
- ApiErrorsExtension: every error carries our code in ``extensions.code``; unexpected
  exceptions are logged and masked as INTERNAL_ERROR.
- RateLimitExtension: the same Redis limits as REST (schema/ratelimit.py).

strawberry-graphql-django is not a dependency (its optimizer and types are for model-backed
GraphQL types, and no type here is backed by a Django model: titles come from TMDb; genres are
one cached table read), so it would only add a resolve hook to every field of every response.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any, ClassVar

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)
from strawberry.extensions.max_aliases import create_validator as alias_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule
from strawberry.schema.config import StrawberryConfig
from strawberry.schema.schema import validate_document
from strawberry.tools import merge_types
from strawberry.types.execution import ExecutionContext

from schema.auth import AuthMutation
from schema.catalog import CatalogQuery
from schema.errors import ApiErrorsExtension, log_unexpected
from schema.execution import CinemateExecutionContext
from schema.me import MeMutation, MeQuery
from schema.ratelimit import RateLimitExtension
from schema.socket_context import SubscriptionsOnlyOnSockets
from schema.subscriptions import Subscription
from schema.types import MovieDetails, SeriesDetails

logger = logging.getLogger("cinemate.errors")

MAX_DEPTH = 10
MAX_ALIASES = 15
MAX_TOKENS = 2000
CACHE_SIZE = 256

# Built once: the validation cache keys on these very classes.
GUARD_RULES = (depth_rule(MAX_DEPTH, None, None), alias_rule(MAX_ALIASES))

# Areas add their root types here (e.g. MeQuery / MeMutation for favourites and profile).
QUERY_TYPES: tuple[type, ...] = (CatalogQuery, MeQuery)
MUTATION_TYPES: tuple[type, ...] = (AuthMutation, MeMutation)

# Implementations of interfaces that no field names directly.
CONCRETE_TYPES: tuple[type, ...] = (MovieDetails, SeriesDetails)

Query = merge_types("Query", QUERY_TYPES)
Mutation = merge_types("Mutation", MUTATION_TYPES)


class GuardRules(AddValidationRules):
    """Depth and alias limits, with rule classes shared by every request."""

    def __init__(self) -> None:
        super().__init__(list(GUARD_RULES))


class Tokens(MaxTokensLimiter):
    def __init__(self) -> None:
        super().__init__(max_token_count=MAX_TOKENS)


class Parsed(ParserCache):
    def __init__(self) -> None:
        super().__init__(maxsize=CACHE_SIZE)


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


class CinemateSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Log only what is a bug or an untyped failure; NOT_FOUND & co. are normal answers."""
        log_unexpected(errors)


EXTENSIONS: list[type[SchemaExtension]] = [
    Tokens,
    GuardRules,
    Parsed,
    Validated,
    RateLimitExtension,
    SubscriptionsOnlyOnSockets,
    ApiErrorsExtension,
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
