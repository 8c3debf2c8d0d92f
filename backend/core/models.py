from django.db import models


class RateLimitCounter(models.Model):
    """A rate-limit count kept in the database while the cache (Redis) cannot be reached, for the scopes
    that must not fail open (settings.RATE_LIMITS_DATABASE_FALLBACK; core.ratelimit). One row per scope,
    key and fixed window; rows of past windows are purged by core.tasks.purge_rate_limit_counters."""

    scope = models.CharField(max_length=64)
    # SHA-256 of the key: the table keeps no emails or IP addresses, and every key has the same length.
    key_digest = models.CharField(max_length=64)
    window_end = models.PositiveBigIntegerField(help_text="Unix time at which this window's count resets.")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key_digest", "window_end"], name="rate_limit_counter_once")
        ]
        indexes = [models.Index(fields=["window_end"], name="rate_limit_counter_end")]

    def __str__(self):
        return f"{self.scope} {self.key_digest[:8]}… {self.count} until {self.window_end}"
