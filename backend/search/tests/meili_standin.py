"""A local stand-in for a Meilisearch server (a core.testing.LocalStandIn) that answers the documented
routes our client uses with Meilisearch's documented JSON, and records every request.

Writes are tasks, as in Meilisearch: answered 202 ``{taskUid, indexUid, status: "enqueued", type,
enqueuedAt}``; ``GET /tasks/{uid}`` reports "processing" on the first poll and then "succeeded" (the
change is applied then) or "failed" with an error object. Searches (``POST /multi-search``) are answered by
``on_search(queries) -> list[result]``, which a test sets.
"""

import json
import re
import threading
import time
from datetime import UTC, datetime

from core.testing import LocalStandIn

DEFAULT_SETTINGS = {
    "displayedAttributes": ["*"],
    "searchableAttributes": ["*"],
    "filterableAttributes": [],
    "sortableAttributes": [],
    "rankingRules": ["words", "typo", "proximity", "attribute", "sort", "exactness"],
    "stopWords": [],
    "nonSeparatorTokens": [],
    "separatorTokens": [],
    "dictionary": [],
    "synonyms": {},
    "distinctAttribute": None,
    "proximityPrecision": "byWord",
    "typoTolerance": {
        "enabled": True,
        "minWordSizeForTypos": {"oneTypo": 5, "twoTypos": 9},
        "disableOnWords": [],
        "disableOnAttributes": [],
    },
    "faceting": {"maxValuesPerFacet": 100, "sortFacetValuesBy": {"*": "alpha"}},
    "pagination": {"maxTotalHits": 1000},
    "searchCutoffMs": None,
}


def _now():
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


class MeilisearchStandIn(LocalStandIn):
    def __init__(self):
        self.requests: list[dict] = []
        self.indexes: dict[str, dict] = {}
        self.tasks: dict[int, dict] = {}
        self.on_search = lambda queries: [empty_result(q) for q in queries]
        self.fail_tasks = lambda task: None  # return an error dict to make a task fail
        self.http_error: tuple[int, dict] | None = None  # answer every request with this
        self.delay = 0.0
        self._lock = threading.Lock()
        super().__init__()

    def respond(self, request):
        body = request.json()
        self.requests.append(
            {
                "method": request.method,
                "path": request.path,
                "query": request.query_params(),
                "body": body,
                "headers": request.headers,
            }
        )
        if self.delay:
            time.sleep(self.delay)
        return self.answer(request.method, request.path, request.query, body)  # a test swaps `answer` to watch calls

    # ---- helpers for tests ----------------------------------------------------------------------
    def calls(self, method=None, path_prefix=""):
        return [
            r for r in self.requests if (method is None or r["method"] == method) and r["path"].startswith(path_prefix)
        ]

    def routes(self):
        """(method, path) of every request but task polls."""
        return [(r["method"], r["path"]) for r in self.requests if not r["path"].startswith("/tasks/")]

    def create_index(self, uid, documents=(), settings=None):
        self.indexes[uid] = {
            "primaryKey": "id",
            "settings": json.loads(json.dumps(settings or DEFAULT_SETTINGS)),
            "documents": {str(d["id"]): d for d in documents},
            "createdAt": _now(),
        }

    # ---- tasks ------------------------------------------------------------------------------------
    def _enqueue(self, index_uid, kind, apply):
        with self._lock:
            uid = len(self.tasks)
            self.tasks[uid] = {
                "uid": uid,
                "indexUid": index_uid,
                "status": "enqueued",
                "type": kind,
                "details": {},
                "error": None,
                "enqueuedAt": _now(),
                "apply": apply,
                "polls": 0,
            }
        return 202, {
            "taskUid": uid,
            "indexUid": index_uid,
            "status": "enqueued",
            "type": kind,
            "enqueuedAt": self.tasks[uid]["enqueuedAt"],
        }

    def _task(self, uid):
        task = self.tasks.get(uid)
        if task is None:
            return 404, {
                "message": f"Task `{uid}` not found.",
                "code": "task_not_found",
                "type": "invalid_request",
                "link": "https://docs.meilisearch.com/errors#task_not_found",
            }
        with self._lock:
            task["polls"] += 1
            if task["status"] == "enqueued":
                task["status"] = "processing"
                task["startedAt"] = _now()
            elif task["status"] == "processing":
                error = self.fail_tasks(task)
                if error:
                    task["status"], task["error"] = "failed", error
                else:
                    task["apply"]()
                    task["status"] = "succeeded"
                task["finishedAt"], task["duration"] = _now(), "PT0.001S"
        return 200, {k: v for k, v in task.items() if k not in ("apply", "polls")}

    # ---- routes -----------------------------------------------------------------------------------
    def _not_found(self, uid):
        return 404, {
            "message": f"Index `{uid}` not found.",
            "code": "index_not_found",
            "type": "invalid_request",
            "link": "https://docs.meilisearch.com/errors#index_not_found",
        }

    def answer(self, method, path, query, body):
        if self.http_error:
            return self.http_error
        if path == "/health":
            return 200, {"status": "available"}
        if m := re.fullmatch(r"/tasks/(\d+)", path):
            return self._task(int(m.group(1)))
        if path == "/indexes" and method == "POST":
            uid = body["uid"]
            return self._enqueue(uid, "indexCreation", lambda: self.create_index(uid))
        if path == "/swap-indexes" and method == "POST":

            def swap():
                for pair in body:
                    a, b = pair["indexes"]
                    self.indexes[a], self.indexes[b] = self.indexes[b], self.indexes[a]

            return self._enqueue(None, "indexSwap", swap)
        if path == "/multi-search" and method == "POST":
            return 200, {"results": self.on_search(body["queries"])}
        m = re.fullmatch(r"/indexes/([^/]+)(/.*)?", path)
        if not m:
            return 404, {"message": "Not found", "code": "not_found", "type": "invalid_request", "link": ""}
        uid, rest = m.group(1), m.group(2) or ""
        index = self.indexes.get(uid)
        if rest == "" and method == "GET":
            if index is None:
                return self._not_found(uid)
            return 200, {
                "uid": uid,
                "primaryKey": index["primaryKey"],
                "createdAt": index["createdAt"],
                "updatedAt": index["createdAt"],
            }
        if rest == "" and method == "DELETE":
            return self._enqueue(uid, "indexDeletion", lambda: self.indexes.pop(uid, None))
        if index is None:
            return self._not_found(uid)
        if rest == "/settings" and method == "GET":
            return 200, index["settings"]
        if rest == "/settings" and method == "PATCH":
            return self._enqueue(uid, "settingsUpdate", lambda: index["settings"].update(body))
        if rest == "/stats" and method == "GET":
            return 200, {"numberOfDocuments": len(index["documents"]), "isIndexing": False, "fieldDistribution": {}}
        if rest == "/documents" and method == "POST":
            return self._enqueue(
                uid, "documentAdditionOrUpdate", lambda: index["documents"].update({str(d["id"]): d for d in body})
            )
        if rest == "/documents/delete" and method == "POST":
            ids = re.findall(r"\d+", re.fullmatch(r"id IN \[(.*)\]", body["filter"]).group(1))
            return self._enqueue(uid, "documentDeletion", lambda: [index["documents"].pop(i, None) for i in ids])
        return 404, {"message": f"No route {method} {path}", "code": "not_found", "type": "invalid_request", "link": ""}


def empty_result(query: dict) -> dict:
    """A search answer as Meilisearch shapes it, with no hits."""
    result = {"indexUid": query["indexUid"], "hits": [], "query": query.get("q", ""), "processingTimeMs": 0}
    if "page" in query:
        result.update({"page": query["page"], "hitsPerPage": query["hitsPerPage"], "totalHits": 0, "totalPages": 0})
    else:
        result.update({"limit": query.get("limit", 20), "offset": 0, "estimatedTotalHits": 0})
    if query.get("facets"):
        result["facetDistribution"] = {f: {} for f in query["facets"] if f != "price"}
        result["facetStats"] = {}
    return result
