from importlib import import_module

from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = "Favourites, history and notifications"

    def import_models(self) -> None:
        """Also register the models kept outside models.py (library.watch_state)."""
        super().import_models()
        import_module(f"{self.name}.watch_state")
