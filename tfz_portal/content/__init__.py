"""Content the portal ships with: the national training catalog and other
global (tenant_id NULL) rows, seeded idempotently."""
