from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = "Favourites, history and notifications"

    def ready(self) -> None:
        from accounts.authentication import PREFETCH
        from library.selectors import prefetch_keys

        if prefetch_keys not in PREFETCH:
            PREFETCH.append(prefetch_keys)
