from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from core import (
            checks,  # noqa: F401  (registers the deploy checks)
            dependencies,
            metrics,
            redis_breaker,
        )

        # The fault handlers (core.dependencies, core.redis_breaker) report outages as events;
        # the metrics count them, so an operator sees them in /metrics (docs/operations.md).
        def database_event(event: str, exc: BaseException) -> None:
            metrics.record_database_error("request")

        def redis_event(event: str, exc: BaseException | None) -> None:
            if event == "redis_down":
                metrics.record_redis_error("breaker")
                metrics.set_circuit_state("redis", "open")
            elif event == "redis_up":
                metrics.set_circuit_state("redis", "closed")

        dependencies.add_listener(database_event)
        redis_breaker.add_listener(redis_event)
