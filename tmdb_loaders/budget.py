"""The retry budget: retries are at most about TMDB_RETRY_BUDGET_RATIO of upstream calls.

A token bucket per process (the Finagle/gRPC "retry budget"): every first attempt deposits
``ratio`` of a token, every retry withdraws a whole one, the bucket holds at most MAX_TOKENS and
starts with MIN_TOKENS so a quiet process can still retry a lone blip. When TMDb fails for
everyone, retries stop after the reserve is spent instead of multiplying the load on a service
that is already struggling (each process' retries are bounded by its own calls, so the
deployment's retries are bounded by ~10% of its calls too). Counters are plain attributes for
metrics (issue 14).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

MAX_TOKENS = 10.0
MIN_TOKENS = 2.0


@dataclass(slots=True)
class RetryBudget:
    tokens: float = MIN_TOKENS
    calls: int = 0
    retries: int = 0
    refused: int = 0

    def on_call(self) -> None:
        """A first attempt (not a retry) is about to leave."""
        self.calls += 1
        ratio = max(0.0, float(settings.TMDB_RETRY_BUDGET_RATIO))
        self.tokens = min(MAX_TOKENS, self.tokens + ratio)

    def try_retry(self) -> bool:
        """Take a token for one retry; False (and counted) when the budget is spent."""
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            self.retries += 1
            return True
        self.refused += 1
        return False

    def reset(self) -> None:
        self.tokens, self.calls, self.retries, self.refused = MIN_TOKENS, 0, 0, 0


budget = RetryBudget()
