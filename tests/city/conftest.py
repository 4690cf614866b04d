"""Fixtures of the city tests: the shared ``session`` fixtures live in ``tests/conftest.py``."""
