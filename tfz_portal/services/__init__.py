"""Business logic: plain functions that validate, change the database,
flush, and raise ServiceError subclasses. They never commit."""
