"""The use cases: one function per documented operation, between the edges and the domain.

Layers run one way: edges (``rest_compat``, ``schema``) -> ``usecases`` -> domain (``library``,
``accounts``, ``catalog``) -> client (``tmdb_loaders``) -> ``core``. A REST view and its GraphQL
twin each call the same use case exactly once: the view parses the HTTP request and renders the
envelope, the resolver reads its arguments and builds GraphQL types, and everything in between
(validating the raw input, in one order, then calling the domain) happens here, once.

Inputs arrive raw (query strings, JSON values, GraphQL arguments) and are validated by the
domain's parsers, whose limits are declared once (catalog.pagination, catalog.search,
accounts.validation, library.notifications) and read by the OpenAPI documents too. The results
are domain values (entry pages, dataclasses, plain dicts), never HTTP or GraphQL objects.

The auth operations' use cases are accounts.services and accounts.reset (signup, login,
refresh_access_token, logout, request_reset, verify_otp, complete_reset): each already is the one
function both edges call.
"""
