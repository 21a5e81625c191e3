#!/usr/bin/env bash
# Serve the API on http://$HOST:$PORT (granian, ASGI). With no TMDB_ACCESS_TOKEN it first starts
# the shipped offline TMDb-compatible catalog and points the client at it (same code path).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f .env ] && { set -a; . ./.env; set +a; }
PY=${PY:-.venv/bin/python}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
# Without Redis the cache is each process's own memory, and session status, rate limits and the
# blacklist live in it: one worker keeps them coherent (a logout seen by every request).
if [ -n "${REDIS_URL:-}" ]; then
  WORKERS=${WEB_CONCURRENCY:-2}
else
  WORKERS=1
  [ "${WEB_CONCURRENCY:-1}" != 1 ] && echo "[run] REDIS_URL is not set: serving with 1 worker (WEB_CONCURRENCY ignored)"
fi
OFFLINE_PORT=${OFFLINE_TMDB_PORT:-8765}

offline_pid=""
cleanup() { [ -n "$offline_pid" ] && kill "$offline_pid" 2>/dev/null || true; }
trap cleanup EXIT INT TERM

if [ -z "${TMDB_ACCESS_TOKEN:-}" ]; then
  echo "[run] TMDB_ACCESS_TOKEN is not set: serving the offline TMDb catalog on 127.0.0.1:${OFFLINE_PORT}"
  "$PY" -m tmdb_offline.server --host 127.0.0.1 --port "$OFFLINE_PORT" &
  offline_pid=$!
  export TMDB_API_BASE_URL="http://127.0.0.1:${OFFLINE_PORT}/3"
  export TMDB_ACCESS_TOKEN="offline-catalog"
  export TMDB_OFFLINE=true
fi

"$PY" manage.py migrate --noinput
"$PY" manage.py collectstatic --noinput -v 0
if [ "${TMDB_OFFLINE:-}" = "true" ]; then
  # Wait for the catalog, then refresh genres from it (a migration already loaded TMDb's list).
  for _ in $(seq 1 50); do
    "$PY" - "$OFFLINE_PORT" <<'PYEOF' && break || sleep 0.2
import sys, urllib.request
urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/__control__/stats", timeout=1)
PYEOF
  done
fi
"$PY" manage.py load_genres || echo "[run] could not refresh genres from TMDb; using the shipped list"

echo "[run] serving the API on http://${HOST}:${PORT} (GraphiQL /graphql, Swagger /api/docs)"
exec_args=(--interface asgi --host "$HOST" --port "$PORT" --workers "$WORKERS"
  --static-path-route /static --static-path-mount staticfiles)
.venv/bin/granian "${exec_args[@]}" backend.asgi:application &
server_pid=$!
trap 'kill $server_pid 2>/dev/null; cleanup' EXIT INT TERM
wait $server_pid
