"""A/B benchmark of two checkouts: warm REST and GraphQL requests/second of the same endpoints
as bench/api_bench.py, both servers up at once and measured in alternation, so the noise of a
shared machine falls on both alike. Prints each tree's best and median and the ratio.

    .venv/bin/python bench/compare_trees.py --old /path/to/old/checkout \
        [--old-python /path/to/old/.venv/bin/python] [--workers 2] [--connections 64]
        [--rounds 5] [--seconds 5]

The new tree is this checkout with this interpreter. Each server gets its own SQLite file and
Redis key prefix (deleted before and after); one offline TMDb server feeds both.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import api_bench as ab


def start_tree(
    label: str, root: Path, python: str, tmdb_url: str, redis_url: str, tmp: Path, workers: int
):
    work = tmp / label
    work.mkdir()
    body_file = work / "popular.json"
    env = ab.api_env(tmdb_url, redis_url, work, body_file)
    env.update({"PYTHONPATH": str(root), "CACHE_KEY_PREFIX": f"cinemate-ab-{label}"})
    ab.REPO_ROOT, ab.PYTHON, ab.GRANIAN = root, python, str(Path(python).with_name("granian"))
    port = ab.free_port()
    proc = ab.start_api(env, port, workers, tmp / f"{label}.log")
    return proc, f"http://127.0.0.1:{port}", body_file


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--old", required=True, type=Path)
    parser.add_argument("--old-python", default=None)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
    old_python = args.old_python or str(args.old / ".venv" / "bin" / "python")
    trees = {"old": (args.old.resolve(), old_python), "new": (ab.REPO_ROOT, ab.PYTHON)}
    graphql_body = json.dumps({"query": ab.GRAPHQL_QUERY}).encode()

    with tempfile.TemporaryDirectory(prefix="cinemate-ab-") as tmp_name:
        tmp = Path(tmp_name)
        for label in trees:
            ab.delete_prefixed_keys(redis_url, f"cinemate-ab-{label}")
        tmdb_proc, tmdb_url = ab.start_offline_tmdb(tmp / "tmdb.log")
        procs = [tmdb_proc]
        urls: dict[str, dict[str, tuple[str, bytes | None]]] = {}
        try:
            for label, (root, python) in trees.items():
                proc, base, body_file = start_tree(
                    label, root, python, tmdb_url, redis_url, tmp, args.workers
                )
                procs.append(proc)
                rest_url = f"{base}/movies/popular?page=1&limit=20"
                body_file.write_bytes(ab.fetch(rest_url))  # cold: fills the cache
                assert "errors" not in json.loads(ab.fetch(f"{base}/graphql", graphql_body))
                urls[label] = {
                    "REST": (rest_url, None),
                    "GraphQL": (f"{base}/graphql", graphql_body),
                }
                for url, body in urls[label].values():
                    ab.load(url, 2, args.connections, body, tmp)  # warm-up
            rates: dict[tuple[str, str], list[float]] = {}
            for round_no in range(args.rounds):
                order = list(trees) if round_no % 2 == 0 else list(reversed(trees))
                for api in ("REST", "GraphQL"):
                    for label in order:
                        url, body = urls[label][api]
                        rate = ab.load(url, args.seconds, args.connections, body, tmp)
                        rates.setdefault((api, label), []).append(rate)
            print(
                f"warm requests/second, granian x{args.workers} worker(s), {args.connections} "
                f"connections, {args.rounds} alternating rounds x {args.seconds}s:"
            )
            for api in ("REST", "GraphQL"):
                best = {label: max(rates[(api, label)]) for label in trees}
                median = {label: statistics.median(rates[(api, label)]) for label in trees}
                for label in trees:
                    runs = ", ".join(f"{r:.0f}" for r in rates[(api, label)])
                    print(
                        f"  {api:<8} {label:<4} best {best[label]:>6.0f}  median {median[label]:>6.0f}  [runs: {runs}]"
                    )
                print(
                    f"  {api:<8} new/old: best {best['new'] / best['old']:.2f}, "
                    f"median {median['new'] / median['old']:.2f}"
                )
        finally:
            for proc in procs:
                if proc.poll() is None:
                    proc.terminate()
                    try:
                        proc.wait(timeout=10)
                    except Exception:  # noqa: BLE001
                        proc.kill()
            for label in trees:
                ab.delete_prefixed_keys(redis_url, f"cinemate-ab-{label}")


if __name__ == "__main__":
    main()
