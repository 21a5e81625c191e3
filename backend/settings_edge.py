"""Settings of the edge: rate limits, the IP blacklist, request body limits, and how the API
answers while Redis or PostgreSQL fail (docs/faults.md). Read by backend.settings."""

from __future__ import annotations

from backend.env import env_bool, env_float, env_int

# --- rate limits and blacklist ----------------------------------------------------------------
RATE_LIMIT_ENABLED = env_bool("RATE_LIMIT_ENABLED", True)
RATE_LIMIT_AUTH_PER_MINUTE = env_int("RATE_LIMIT_AUTH_PER_MINUTE", 5)
RATE_LIMIT_SEARCH_PER_MINUTE = env_int("RATE_LIMIT_SEARCH_PER_MINUTE", 30)
RATE_LIMIT_GENERAL_PER_MINUTE = env_int("RATE_LIMIT_GENERAL_PER_MINUTE", 100)
BLACKLIST_THRESHOLD = env_int("BLACKLIST_THRESHOLD", 20)
BLACKLIST_WINDOW = env_int("BLACKLIST_WINDOW", 15 * 60)
BLACKLIST_DURATION = env_int("BLACKLIST_DURATION", 60 * 60)
BLACKLIST_CACHE_TTL = env_int("BLACKLIST_CACHE_TTL", 30)  # how long "not blocked" is cached

# --- Redis: fail fast (core.redis_breaker, core.redis_async) -----------------------------------
REDIS_ASYNC_CONNECT_TIMEOUT = env_float("REDIS_CONNECT_TIMEOUT", 0.5)
REDIS_ASYNC_SOCKET_TIMEOUT = env_float("REDIS_SOCKET_TIMEOUT", 0.5)
# After a Redis failure, every Redis use of the process is skipped this long (core.redis_breaker).
REDIS_SKIP_SECONDS = env_float("REDIS_SKIP_SECONDS", 2.0)
# Timeout of the retried writes that end sessions (accounts.sessions, core.redis_async).
REDIS_DIRECT_SOCKET_TIMEOUT = env_float("REDIS_DIRECT_SOCKET_TIMEOUT", 0.2)
# Lease of the session-cache fence (accounts.sessions): how long Redis may stay silent before
# cached "active" statuses are distrusted; also the most a logout waits while Redis is down.
SESSION_CACHE_LEASE = env_float("SESSION_CACHE_LEASE", 0.6)
# --- input at the edge (core.edge_input) -------------------------------------------------------
# Request bodies (bytes) per kind of endpoint, refused with 413 before they are read
# (core.edge_input); /admin/ keeps Django's DATA_UPLOAD_MAX_MEMORY_SIZE.
REQUEST_BODY_LIMIT_AUTH = env_int("REQUEST_BODY_LIMIT_AUTH", 16 * 1024)
REQUEST_BODY_LIMIT_GRAPHQL = env_int("REQUEST_BODY_LIMIT_GRAPHQL", 256 * 1024)
REQUEST_BODY_LIMIT_DEFAULT = env_int("REQUEST_BODY_LIMIT_DEFAULT", 64 * 1024)
JSON_MAX_DEPTH = env_int("JSON_MAX_DEPTH", 32)  # nesting of a JSON body (400 beyond)
# A database that does not answer must not hold a request (or a worker thread) for long.
DB_CONNECT_TIMEOUT = env_int("DB_CONNECT_TIMEOUT", 3)
# Retry-After (seconds) of 503 SERVICE_UNAVAILABLE when the database cannot serve a request.
SERVICE_UNAVAILABLE_RETRY_AFTER = env_int("SERVICE_UNAVAILABLE_RETRY_AFTER", 5)
