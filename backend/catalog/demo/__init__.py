"""The demo catalog: phone data, generated product images and the seeding that loads them.

`seed_demo` loads a realistic, deterministic catalog (idempotent); `seed_bench` adds synthetic
products in bulk for benchmarks. The management command `seed_demo` calls both.
"""
