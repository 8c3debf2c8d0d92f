from importlib import import_module

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"

    def ready(self) -> None:
        from django.conf import settings

        from catalog import columns
        from catalog.api import views as catalog_views
        from core import views as core_views
        from search import listing, services

        import_module("search.signals")  # its receivers sync the index with catalog changes

        core_views.READINESS_PROBES["search"] = services.readiness_probe
        # SHOP_LISTING_BACKEND=search: /api/products/ is answered by the search engine.
        catalog_views.LISTING_HANDLERS["search"] = listing.search_listing
        if settings.MEILISEARCH_URL:  # its client loaded here, in gunicorn's master: shared by the workers it forks
            import_module("search.backends.meili")
        else:  # the embedded engine counts a listing without words on the catalog's columns
            columns.COUNTING_BACKENDS.add("search")
