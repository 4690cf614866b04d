"""Any document gets an answer or a clear refusal from the public calculator, never a crash."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import testkit


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The public calculator with no rate limit to speak of (a module-wide app: hypothesis
    runs each test many times)."""
    folder = tmp_path_factory.mktemp("fuzz")
    with testkit.app(testkit.settings(f"sqlite:///{folder / 'x.db'}", folder)) as app:
        app.state.public_rate_limiter.limit_per_minute = 10**9
        yield TestClient(app)


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
)
activities = st.sampled_from(
    ["fuel_combustion", "purchased_electricity", "purchased_heat", "process", "non_co2", "x"]
)
units = st.sampled_from(["t", "10^4 Nm3", "MWh", "GJ", "万千瓦时", "kg", "tce", "furlong", ""])
line = st.fixed_dictionaries(
    {"id": st.text(max_size=4), "activity": activities, "quantity": scalars, "unit": units},
    optional={
        "fuel": st.sampled_from(["natural_gas", "diesel", "raw_coal", "lng", "nope"]),
        "material": st.sampled_from(["limestone", "dolomite", "sand"]),
        "gas": st.sampled_from(["CH4", "N2O", "SF6", "H2O"]),
        "ncv": scalars,
        "oxidation_rate": scalars,
        "carbon_content": scalars,
    },
)
documents = st.fixed_dictionaries(
    {"lines": st.one_of(st.lists(line, max_size=5), scalars)},
    optional={
        "year": st.one_of(st.integers(1900, 2100), scalars),
        "region": st.sampled_from(["CN-ZJ", "CN", "east_china_grid", "CN-XX", "浙江"]),
        "factor_set": st.sampled_from(["cn-default", "cn-ets-reporting", "ipcc-2006", "z"]),
        "gwp": st.sampled_from(["AR4", "AR5", "AR6", "AR9"]),
    },
)


class TestCalculateFuzz:
    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(document=documents)
    def test_every_document_is_answered_or_refused_with_a_problem(
        self, client: TestClient, document: dict[str, Any]
    ) -> None:
        response = client.post(
            "/api/v1/accounting/calculate",
            content=json.dumps(document),  # NaN and Infinity as Python writes them
            headers={"content-type": "application/json"},
        )
        assert response.status_code in (200, 422), response.text
        body = response.json()
        if response.status_code == 422:
            assert body["message_zh"] and body["message_en"]
            assert "total_tco2e" not in body
        else:
            assert math.isfinite(body["total_tco2e"])
            assert body["total_tco2e"] == pytest.approx(sum(ln["tco2e"] for ln in body["lines"]))
