"""The demo catalog: phone data, generated product images and the seeding that loads them.

`seed_demo` loads a realistic, deterministic catalog (idempotent); `seed_bench` adds synthetic
products in bulk for benchmarks. The management command `seed_demo` calls both.
"""

from collections.abc import Callable

# Demo data of apps the catalog knows nothing of (coupons): each step is idempotent and returns a line for the
# command's report (or ""). An app appends its step in AppConfig.ready(); `seed_demo` runs them after the catalog.
# Here, not in .seed: an app's ready() runs in every process, and .seed loads Pillow and the demo's data with it.
DEMO_STEPS: list[Callable[[], str]] = []
