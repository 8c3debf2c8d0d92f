"""Circuit breakers around the providers (core/breakers.py; docs/operations.md "When a part fails").

After BREAKER_FAIL_MAX consecutive failures (timeouts, connection errors, 5xx; a 4xx refusal does not count)
a provider is not called for BREAKER_RESET_SECONDS, then one call probes it. Per provider:
BREAKER_<NAME>_FAIL_MAX and BREAKER_<NAME>_RESET_SECONDS. The state is shared through Redis when REDIS_URL is
set (each process keeps its own while Redis fails)."""

from config.env import env_int, env_str

BREAKER_FAIL_MAX = env_int("BREAKER_FAIL_MAX", 5)
BREAKER_RESET_SECONDS = env_int("BREAKER_RESET_SECONDS", 30)
BREAKER_REDIS_TIMEOUT_MS = env_int("BREAKER_REDIS_TIMEOUT_MS", 100)
BREAKER_OVERRIDES: dict[str, dict[str, int]] = {}
for _provider in ("carrier", "razorpay", "stripe", "meilisearch", "sms"):
    for _limit in ("fail_max", "reset_seconds"):
        _variable = f"BREAKER_{_provider.upper()}_{_limit.upper()}"
        if env_str(_variable):
            BREAKER_OVERRIDES.setdefault(_provider, {})[_limit] = env_int(_variable, 0)
