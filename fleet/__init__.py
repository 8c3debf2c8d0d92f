"""The fleet on one machine: make fleet, make fleet-test (docs/operations.md, "The fleet")."""
