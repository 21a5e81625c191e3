"""Django settings, all from the environment (decisions.md section 9; `.env.example` lists them).

Two shapes:
- production: PostgreSQL (``DATABASE_URL``), Redis (``REDIS_URL``), real TMDb (``TMDB_ACCESS_TOKEN``);
- local: nothing set -> SQLite, the local-memory cache and the shipped offline TMDb catalog.
``backend.startup`` logs which one is running.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from dotenv import load_dotenv

from backend.env import env_bool, env_float, env_int, env_list, env_str
from backend.version import api_version

BASE_DIR = Path(__file__).resolve().parent.parent
load_dotenv(BASE_DIR / ".env", override=False)

# --- mode -------------------------------------------------------------------------------------
DEBUG = env_bool("DEBUG", False)
DATABASE_URL = env_str("DATABASE_URL")
REDIS_URL = env_str("REDIS_URL")
# Production mode: anything beyond the zero-config local run. Then nothing falls back silently.
PRODUCTION = env_bool("PRODUCTION", bool(DATABASE_URL or REDIS_URL)) and not DEBUG
RUN_DIR = Path(env_str("RUN_DIR", str(BASE_DIR / "run")))
# Rate limits, blacklist, body limits, answers under faults (docs/faults.md).
from backend.settings_edge import *  # noqa: E402,F403
from backend.settings_edge import DB_CONNECT_TIMEOUT  # noqa: E402


def _local_secret_key() -> str:
    """A random key kept in run/ so every worker (and restart) of a local run signs alike."""
    RUN_DIR.mkdir(parents=True, exist_ok=True)
    key_file = RUN_DIR / "dev-secret-key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


# The placeholder of .env.example: a deployment that copied the file unchanged must not start.
EXAMPLE_SECRET_KEY = "change-me-to-50-random-characters"  # noqa: S105 - refused, not used
SECRET_KEY_MIN_LENGTH = 50

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. In production mode (DATABASE_URL/REDIS_URL set) it is required: "
            "export SECRET_KEY=<50+ random characters> (see .env.example)."
        )
    SECRET_KEY = _local_secret_key()
elif PRODUCTION and (
    SECRET_KEY == EXAMPLE_SECRET_KEY
    or len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH
    or SECRET_KEY.startswith("django-insecure-")
):
    raise ImproperlyConfigured(
        "SECRET_KEY is unsafe for production: it must be at least "
        f"{SECRET_KEY_MIN_LENGTH} random characters and not the .env.example placeholder. "
        "Generate one: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )
JWT_SIGNING_KEY = env_str("JWT_SIGNING_KEY") or SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Peers allowed to tell us the client address in X-Forwarded-For (IPs or CIDRs).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

# --- apps -------------------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "core",
    "accounts",
    "catalog",
    "library",
    "schema",  # for its management command export_graphql
]

MIDDLEWARE = [
    # Outermost: request duration by route and status (Prometheus) and the access log line.
    "core.observability.ObservabilityMiddleware",
    # Django's SecurityMiddleware + XFrameOptionsMiddleware, called inline (no thread hops):
    # outermost, so every answer (a preflight, a guard's 429) carries the headers.
    "core.security.SecurityHeadersMiddleware",
    # Async-native. Before the guards: a preflight is answered here and never counted, and
    # a guard's error still carries Access-Control-Allow-Origin so the browser can read it.
    "corsheaders.middleware.CorsMiddleware",
    # Async-native: Cache-Control/ETag/Vary/304 on every answer, guards' included (docs/http-caching.md).
    "core.http_cache.HttpCacheMiddleware",
    # Async-native: request id, request guards (blacklist, rate limits), JSON error envelope.
    "core.middleware.ApiEdgeMiddleware",
    # Async-native: 304 for a hot public URL's current ETag, after the guards, before the view.
    "core.http_cache.NotModifiedMiddleware",
    # Session/auth/messages only for /admin/: the API is token-based and every sync
    # middleware costs an ASGI request two thread hops.
    "core.middleware.AdminOnlyMiddleware",
]

# The admin's session/auth/messages middleware run only under /admin/ (core.middleware);
# Django's security/clickjacking middleware run inside core.security (core.checks re-states
# their deploy checks: security.W001/W002 would only say "Django's path is not listed").
SILENCED_SYSTEM_CHECKS = [
    "admin.E408",
    "admin.E409",
    "admin.E410",
    "security.W001",
    "security.W002",
]
# Async callables run before every request; each may raise an ApiError (e.g. IP blacklist).
API_REQUEST_GUARDS: list[str] = [
    "accounts.blacklist.blacklist_guard",  # 403 IP_BLOCKED first: a blocked IP is not counted
    "accounts.guards.rate_limit_guard",
]

ROOT_URLCONF = "backend.urls"
ASGI_APPLICATION = "backend.asgi.application"
WSGI_APPLICATION = "backend.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- database ---------------------------------------------------------------------------------
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = DB_CONNECT_TIMEOUT
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            # Several worker processes (and their background fact writes) share the file:
            # a transaction takes the write lock when it begins (IMMEDIATE), so two of them
            # queue on the busy timeout instead of one failing at once with "database is
            # locked" when it upgrades a read to a write; WAL lets reads go on meanwhile.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
if DATABASE_URL and env_bool("DB_PGBOUNCER", False):
    # PgBouncer in transaction mode hands each transaction any server connection: no server-side
    # cursors, no prepared statements (psycopg prepares repeated queries by default).
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = None
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache ------------------------------------------------------------------------------------
CACHE_KEY_PREFIX = env_str("CACHE_KEY_PREFIX", "cinemate")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": env_float("REDIS_CONNECT_TIMEOUT", 0.5),
                "SOCKET_TIMEOUT": env_float("REDIS_SOCKET_TIMEOUT", 0.5),
                # Redis down must not mean the API down: reads miss, writes are dropped, logged.
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    DJANGO_REDIS_LOGGER = "cinemate.redis"
if not REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "cinemate",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }

# --- push (GraphQL subscriptions over websockets, docs/realtime.md) ---------------------------
# Redis pub/sub carries notifications from any process (workers, management commands) to the
# worker holding the subscriber's socket. Without Redis (local mode): in-process only.
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": f"{CACHE_KEY_PREFIX}:ws"},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
PUSH_PUBLISH_TIMEOUT = env_float(
    "PUSH_PUBLISH_TIMEOUT", 2.0
)  # s; a slow Redis never blocks a write
WS_CONNECTION_INIT_TIMEOUT = env_int("WS_CONNECTION_INIT_TIMEOUT", 10)  # s to send connection_init
WS_MAX_SUBSCRIPTIONS = env_int("WS_MAX_SUBSCRIPTIONS", 10)  # per socket

API_VERSION = (
    api_version()
)  # in public ETags: a deploy never validates an old copy (core.http_cache)

# --- GraphQL persisted queries (docs/graphql-clients.md) ---------------------------------------
GRAPHQL_PERSISTED_QUERIES = env_str("GRAPHQL_PERSISTED_QUERIES", "auto")  # auto | allowlist
GRAPHQL_PERSISTED_QUERIES_MANIFEST = env_str("GRAPHQL_PERSISTED_QUERIES_MANIFEST", "")
GRAPHQL_APQ_TTL = env_int("GRAPHQL_APQ_TTL", 30 * 24 * 3600)  # s a registered query is kept
if GRAPHQL_PERSISTED_QUERIES not in ("auto", "allowlist"):
    raise ImproperlyConfigured("GRAPHQL_PERSISTED_QUERIES must be auto or allowlist")

# --- passwords --------------------------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- tokens and sessions (seconds) ------------------------------------------------------------
ACCESS_TOKEN_TTL = env_int("ACCESS_TOKEN_TTL", 15 * 60)
REFRESH_TOKEN_TTL = env_int("REFRESH_TOKEN_TTL", 30 * 24 * 3600)
RESET_TOKEN_TTL = env_int("RESET_TOKEN_TTL", 10 * 60)
OTP_TTL = env_int("OTP_TTL", 10 * 60)
OTP_MAX_ATTEMPTS = env_int("OTP_MAX_ATTEMPTS", 5)
SESSION_STATUS_CACHE_TTL = env_int("SESSION_STATUS_CACHE_TTL", 300)
# Password hashing pool (accounts.passwords): threads, queued jobs per worker, wait before 429.
AUTH_HASH_THREADS = env_int("AUTH_HASH_THREADS", 2)
AUTH_HASH_MAX_PENDING = env_int("AUTH_HASH_MAX_PENDING", 16)
AUTH_HASH_QUEUE_TIMEOUT = env_float("AUTH_HASH_QUEUE_TIMEOUT", 10.0)
AUTH_HASH_NICENESS = env_int("AUTH_HASH_NICENESS", 10)  # hash threads yield CPU to the loop
# Forgot-password answers take at least this long, known email or not (no timing oracle).
RESET_REQUEST_MIN_SECONDS = env_float("RESET_REQUEST_MIN_SECONDS", 0.2)

# --- TMDb -------------------------------------------------------------------------------------
TMDB_ACCESS_TOKEN = env_str("TMDB_ACCESS_TOKEN")
TMDB_API_BASE_URL = env_str("TMDB_API_BASE_URL", "https://api.themoviedb.org/3").rstrip("/")
TMDB_IMAGE_BASE_URL = env_str("TMDB_IMAGE_BASE_URL", "https://image.tmdb.org/t/p").rstrip("/")
TMDB_DEFAULT_LANGUAGE = env_str("TMDB_DEFAULT_LANGUAGE", "en")
TMDB_CONNECT_TIMEOUT = env_float("TMDB_CONNECT_TIMEOUT", 3.0)
TMDB_TOTAL_TIMEOUT = env_float("TMDB_TOTAL_TIMEOUT", 8.0)
TMDB_MAX_CONCURRENCY = env_int("TMDB_MAX_CONCURRENCY", 20)
# Request starts per second towards TMDb (its limit is ~40), shared by all worker processes
# through Redis; without Redis each process applies it alone.
TMDB_MAX_RPS = env_float("TMDB_MAX_RPS", 35.0)
TMDB_MAX_RETRIES = env_int("TMDB_MAX_RETRIES", 3)
TMDB_RETRY_BASE_DELAY = env_float("TMDB_RETRY_BASE_DELAY", 0.25)
TMDB_RETRY_MAX_DELAY = env_float("TMDB_RETRY_MAX_DELAY", 5.0)
TMDB_CACHE_TTL_LIST = env_int("TMDB_CACHE_TTL_LIST", 10 * 60)
TMDB_CACHE_TTL_DETAIL = env_int("TMDB_CACHE_TTL_DETAIL", 6 * 3600)
TMDB_CACHE_TTL_GENRES = env_int("TMDB_CACHE_TTL_GENRES", 24 * 3600)
TMDB_CACHE_TTL_SEARCH = env_int("TMDB_CACHE_TTL_SEARCH", 5 * 60)
TMDB_STALE_TTL = env_int("TMDB_STALE_TTL", 7 * 24 * 3600)
TMDB_SINGLE_FLIGHT_WAIT = env_float("TMDB_SINGLE_FLIGHT_WAIT", 10.0)
# Upstream economy (docs/catalogue.md, "The upstream budget").
UPSTREAM_DEADLINE = env_float("UPSTREAM_DEADLINE", 3.0)  # per client request, s (0: none)
TMDB_RETRY_BUDGET_RATIO = env_float("TMDB_RETRY_BUDGET_RATIO", 0.1)  # retries per call
TMDB_BREAKER_THRESHOLD = env_int("TMDB_BREAKER_THRESHOLD", 5)  # consecutive failures to open
TMDB_BREAKER_OPEN_SECONDS = env_float("TMDB_BREAKER_OPEN_SECONDS", 3.0)
TMDB_SWR_WINDOW = env_int("TMDB_SWR_WINDOW", 3600)  # s past expiry an entry is served at once
TMDB_REFRESH_AHEAD = env_float("TMDB_REFRESH_AHEAD", 0.8)  # hot lists refresh at this age/ttl
GRAPHQL_MAX_COST = env_int("GRAPHQL_MAX_COST", 60)  # upstream-call units per document
TMDB_FACTS_TTL = env_int("TMDB_FACTS_TTL", 30 * 24 * 3600)  # title facts renewed after, s
TMDB_FACTS_FILL_BATCH = env_int("TMDB_FACTS_FILL_BATCH", 20)  # titles filled per page
TMDB_FACTS_FILL_CONCURRENCY = env_int("TMDB_FACTS_FILL_CONCURRENCY", 4)  # per process
# Set by the local launcher when it serves the offline catalog (no TMDb token).
TMDB_OFFLINE = env_bool("TMDB_OFFLINE", not TMDB_ACCESS_TOKEN)

# --- email ------------------------------------------------------------------------------------
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", bool(EMAIL_HOST))
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Cinemate <no-reply@cinemate.local>")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)

# --- DRF and OpenAPI --------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_compat.renderers.OrjsonRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_compat.parsers.OrjsonParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "EXCEPTION_HANDLER": "rest_compat.errors.envelope_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Cinemate API",
    "DESCRIPTION": "Movie recommendation backend. REST mirror of the GraphQL API at /graphql.",
    "VERSION": api_version(),
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "rest_compat.edge_schema.document_edge",  # IP_BLOCKED/RATE_LIMITED everywhere, health
    ],
}

# --- i18n, static -----------------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]  # GraphiQL's pinned assets (static/graphiql/README.md)

# --- GraphQL developer tools ------------------------------------------------------------------
# The GraphiQL page at /graphql (in a browser) and schema introspection (__schema, __type).
# On by default locally; production deployments usually leave both off (docs/browsers.md).
GRAPHIQL_ENABLED = env_bool("GRAPHIQL_ENABLED", not PRODUCTION)
GRAPHQL_INTROSPECTION = env_bool("GRAPHQL_INTROSPECTION", not PRODUCTION)

# --- security ---------------------------------------------------------------------------------
# Headers set by core.security.SecurityHeadersMiddleware on every response (docs/browsers.md).
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = env_str("SECURE_REFERRER_POLICY", "same-origin") or None
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# HSTS goes out only on requests Django sees as HTTPS: behind a TLS proxy, set
# SECURE_PROXY_SSL_HEADER to the header the proxy sets (and strips from clients), e.g.
# X-Forwarded-Proto; its value must then be "https".
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_REDIRECT_EXEMPT = [r"^system/health$"]  # orchestrator probes speak plain HTTP
_proxy_ssl_header = env_str("SECURE_PROXY_SSL_HEADER")
if _proxy_ssl_header:
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + _proxy_ssl_header.upper().replace("-", "_"),
        "https",
    )
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)

# --- CORS (django-cors-headers) ---------------------------------------------------------------
# Browser frontends on other origins; bearer tokens, no cookies, so no credentials mode.
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/(?!admin/|static/).*$"  # the API (REST, /graphql, docs), never the admin
CORS_ALLOW_HEADERS = ["authorization", "content-type", "x-platform", "x-request-id"]
CORS_ALLOW_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["Retry-After", "X-Request-ID"]
CORS_PREFLIGHT_MAX_AGE = env_int("CORS_PREFLIGHT_MAX_AGE", 86400)
CORS_ALLOW_CREDENTIALS = False

# --- operations and logging (backend/settings_ops.py, docs/operations.md) ---------------------
from backend.settings_ops import *  # noqa: E402,F403  (metrics, probes, logs: a table of its own)
