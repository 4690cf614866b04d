"""Helpers of the page tests in headless Chromium (importable as ``page_helpers``: conftest.py
puts tests/ on the path; the ``page`` fixture is in conftest.py)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

SCREENSHOTS = Path(os.environ.get("SHUANGTAN_SCREENSHOTS", "var/screenshots"))


def screenshot(page: Any, name: str) -> None:
    """Save a full-page screenshot to look at (``var/screenshots/<name>.png``)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def log_in(page: Any, url: str, username: str, password: str) -> None:
    """Log in through the login form of the server at ``url``."""
    page.goto(f"{url}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()
