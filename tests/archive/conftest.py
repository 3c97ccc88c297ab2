"""The archive fixtures (``archive_fixtures.py``), for every test here."""

from archive_fixtures import archive_copy, built_archive, source_files

__all__ = ["archive_copy", "built_archive", "source_files"]
