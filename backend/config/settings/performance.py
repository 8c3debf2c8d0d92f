"""Caching timings (docs/performance.md). The Redis client's timeouts are in base's CACHES; static files
(WhiteNoise) in base's MIDDLEWARE and STORAGES."""

from config.env import env_decimal, env_int

# Cached catalog values (category tree, brands, home sections, facet counts per filter set, whole public
# API answers) are dropped at once by any catalog change (catalog.signals) and never served longer than
# this after they were computed; 0 turns the caches off. Stock taken by orders (a bulk UPDATE) shows within it.
CATALOG_CACHE_SECONDS = env_int("CATALOG_CACHE_SECONDS", 60)
# What anonymous catalog and search answers tell a CDN (Cache-Control: public, max-age=0, s-maxage,
# stale-while-revalidate; plus an ETag for conditional GETs). Personal answers are no-store (security's
# SecurityHeadersMiddleware).
HTTP_CACHE_S_MAXAGE = env_int("HTTP_CACHE_S_MAXAGE", 60)
HTTP_CACHE_STALE_WHILE_REVALIDATE = env_int("HTTP_CACHE_STALE_WHILE_REVALIDATE", 300)
# Each process re-reads the cache versions at most this often and keeps hot values this long in memory
# (core/cache.py): another process's catalog change shows within it. 0: every request asks Redis.
CACHE_LOCAL_SECONDS = float(env_decimal("CACHE_LOCAL_SECONDS", "1"))
CACHE_LOCAL_ENTRIES = env_int("CACHE_LOCAL_ENTRIES", 1000)
