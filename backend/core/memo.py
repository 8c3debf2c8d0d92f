"""Answers remembered in this process: a small least-recently-used map, safe across a worker's threads. For values
keyed by everything they depend on (a catalog or index version among them), so an entry is never stale, only
unused; shared between requests, so callers treat them as read-only."""

import threading
from collections import OrderedDict
from typing import Any


class Memo:
    def __init__(self, size: int) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._entries: OrderedDict[Any, Any] = OrderedDict()

    def get(self, key: Any) -> Any:
        """The value remembered under key, or None."""
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key: Any, value: Any) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
