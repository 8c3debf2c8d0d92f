"""The SearchBackend interface and the engines behind it:

- ``meilisearch``: a Meilisearch server (``MEILISEARCH_URL``), through the official client;
- ``embedded`` (reported as "database"): a tantivy index on local disk, the default, and the fallback
  whenever Meilisearch is configured but failing;
- and when the embedded index fails too, search.selectors answers from the catalog's tables.
"""

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from typing import Any

from search.query import SearchRequest, SearchResult, Suggestion

Progress = Callable[[int], None]


class SearchBackendError(Exception):
    """The engine could not answer or could not apply a change."""


class EngineUnavailable(SearchBackendError):
    """The engine was not asked: it failed repeatedly of late (its circuit breaker is open)."""


class SearchBackend(ABC):
    name: str

    @abstractmethod
    def upsert(self, documents: list[dict[str, Any]]) -> None:
        """Add or replace these variant documents (by id)."""

    @abstractmethod
    def delete(self, variant_ids: Iterable[int]) -> None:
        """Remove these variants; ids that are not indexed are ignored."""

    @abstractmethod
    def search(self, request: SearchRequest) -> SearchResult:
        """One page of phones (one hit per product), their total, facets and price range."""

    @abstractmethod
    def suggest(self, query: str, limit: int) -> list[Suggestion]:
        """Brands and product titles for a search-as-you-type box."""

    @abstractmethod
    def health(self) -> None:
        """Raise when the engine cannot serve."""

    @abstractmethod
    def rebuild(self, batches: Iterable[list[dict[str, Any]]], progress: Progress | None = None) -> int:
        """Build a fresh index from these documents and swap it in whole (search never sees it half
        built, nor empty). Returns the number of documents indexed."""
