#!/usr/bin/env bash
# Refresh the GraphiQL page's assets in static/graphiql/ from the npm registry (run by hand).
#
#   scripts/refresh-graphiql.sh [GRAPHIQL_VERSION] [EXPLORER_VERSION] [REACT_VERSION]
#
# Downloads the pinned packages with `npm pack` (the registry's own tarballs), copies the
# browser bundles and each package's licence into static/graphiql/<package>-<version>/, and
# prints the sha384 of each file: put the new versions into schema/graphiql.py and the
# new hashes into PINNED in tests/browser/test_graphiql.py, then run
# `pytest tests/browser/test_graphiql.py` and the Chromium check (docs/browsers.md).
set -euo pipefail

GRAPHIQL="${1:-3.8.3}"
EXPLORER="${2:-1.0.2}"
REACT="${3:-18.2.0}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/static/graphiql"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

cd "$WORK"
npm pack --silent "react@$REACT" "react-dom@$REACT" "graphiql@$GRAPHIQL" \
  "@graphiql/plugin-explorer@$EXPLORER" >/dev/null
for tgz in *.tgz; do
  mkdir -p "${tgz%.tgz}" && tar xzf "$tgz" -C "${tgz%.tgz}"
done

copy() {  # copy <unpacked dir> <dest subdir> <files...>
  local src="$1" dest="$DEST/$2"
  shift 2
  mkdir -p "$dest"
  for file in "$@"; do cp "$src/package/$file" "$dest/"; done
}

rm -rf "$DEST"/react-[0-9]* "$DEST"/react-dom-[0-9]* "$DEST"/graphiql-[0-9]* "$DEST"/graphiql-plugin-explorer-[0-9]*
copy "react-$REACT" "react-$REACT" umd/react.production.min.js LICENSE
copy "react-dom-$REACT" "react-dom-$REACT" umd/react-dom.production.min.js LICENSE
copy "graphiql-$GRAPHIQL" "graphiql-$GRAPHIQL" graphiql.min.js graphiql.min.css LICENSE
copy "graphiql-plugin-explorer-$EXPLORER" "graphiql-plugin-explorer-$EXPLORER" \
  dist/index.umd.js dist/style.css
# The plugin ships no LICENSE file; it is MIT like the graphql/graphiql monorepo it comes from.
{
  echo "The @graphiql/plugin-explorer $EXPLORER package declares \"license\": \"MIT\" in its package.json and"
  echo "ships no LICENSE file of its own; it comes from the graphql/graphiql monorepo"
  echo "(packages/graphiql-plugin-explorer), whose licence follows."
  echo
  cat "graphiql-$GRAPHIQL/package/LICENSE"
} > "$DEST/graphiql-plugin-explorer-$EXPLORER/LICENSE"

cd "$DEST"
for file in */*.js */*.css; do
  printf '%s sha384-%s\n' "$file" "$(openssl dgst -sha384 -binary "$file" | base64 -w0)"
done
