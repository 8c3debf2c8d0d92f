"""The attacker's suite: cross-cutting tests that try to get around the store's defences."""
