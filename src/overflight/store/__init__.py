"""Persistence: SQLAlchemy models and migrations, SQLite by default, PostgreSQL by URL."""
