"""The OpenAPI document describes every operation's answer (``GET /api/v1/openapi.json``).

Each room's router tests pin their own operations by name; this walks the whole document, so a
new operation anywhere that answers with an undeclared shape (``dict[str, Any]``, ``Any``) or
with a download that does not say its media type fails here.
"""

from __future__ import annotations

from typing import Any

import testkit


class TestEveryOperation:
    def test_every_success_answer_declares_its_shape(self, openapi: dict[str, Any]) -> None:
        answers = testkit.success_answers(openapi, "/api/v1/")
        assert len(answers) >= 85  # the API's operations when this test was written
        assert testkit.undeclared(openapi, "/api/v1/") == []

    def test_every_operation_is_under_the_api_root(self, openapi: dict[str, Any]) -> None:
        assert all(path.startswith("/api/v1/") for path in openapi["paths"])

    def test_no_two_rooms_share_a_schema_name(self, openapi: dict[str, Any]) -> None:
        # FastAPI renames clashing models to long module paths; a clash is a naming mistake
        names = openapi["components"]["schemas"]
        assert not [name for name in names if name.startswith("shuangtan__")]
