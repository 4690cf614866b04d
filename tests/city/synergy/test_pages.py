"""The synergy pages as HTML: who sees what, forms that refuse bad input and write nothing."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from shuangtan.city.synergy.models import SynergyInput, SynergyWeightSet

from .conftest import JIASHAN, NANHU, V1, V2, XIUZHOU, YEAR, World


def _rows(world: World, table: type) -> int:
    with world.session() as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


class TestYearPage:
    def test_anonymous_is_sent_to_the_login(self, world: World) -> None:
        response = world.client.get(
            f"/synergy/{YEAR}", headers={"Accept": "text/html"}, follow_redirects=False
        )
        assert response.status_code == 303 and response.headers["location"].startswith("/login")

    def test_a_resident_is_refused(self, world: World) -> None:
        world.web_login("resident")
        assert world.client.get(f"/synergy/{YEAR}").status_code == 403

    def test_the_city_computes_and_sees_the_ranking_charts_and_the_unscored(
        self, world: World
    ) -> None:
        csrf = world.web_login("city")
        assert 'data-testid="no-run"' in world.client.get(f"/synergy/{YEAR}").text
        html = world.client.post(
            f"/synergy/{YEAR}/compute", data={"csrf_token": csrf, "weighting": "entropy"}
        ).text
        table = html.split('data-testid="ranking"')[1].split("</table>")[0]
        assert table.count("<tr>") == 4  # header + Jiashan, Xiuzhou, Nanhu
        # 2026.1 (test_service.TestComputeAnchored): Jiashan 72.7273, Nanhu 27.2727;
        # Xiuzhou U1 = U2 = 0.5, modified C = √(1 × 1) = 1, D = √0.5 = 0.707
        assert "72.7" in table and "27.3" in table and "0.707" in table
        assert f"<strong>{V2}</strong>" in html and 'data-anchored="1"' in html
        unscored = html.split('data-testid="unscored"')[1].split("</div>")[0]
        assert unscored.count("<li>") == 4  # Haiyan, Haining, Pinghu, Tongxiang
        assert 'data-testid="ranking-chart"' in html and 'data-testid="quadrant-chart"' in html

    def test_the_old_version_can_still_be_computed_and_says_it_does_not_compare(
        self, world: World
    ) -> None:
        csrf = world.web_login("city")
        html = world.client.post(
            f"/synergy/{YEAR}/compute", data={"csrf_token": csrf, "version": V1}
        ).text
        table = html.split('data-testid="ranking"')[1].split("</table>")[0]
        assert "<strong>100.0</strong>" in table and "<strong>0.0</strong>" in table  # 2025.1
        assert 'data-anchored="0"' in html and "C = 2√(U1·U2)/(U1+U2)" in html
        world.client.post(f"/synergy/{YEAR}/compute", data={"csrf_token": csrf})
        assert "<strong>72.7</strong>" in world.client.get(f"/synergy/{YEAR}").text
        again = world.client.get(f"/synergy/{YEAR}", params={"version": V1}).text
        assert "<strong>100.0</strong>" in again and 'data-anchored="0"' in again

    def test_a_county_official_sees_its_row_and_no_compute_form(self, world: World) -> None:
        csrf = world.web_login("city")
        world.client.post(f"/synergy/{YEAR}/compute", data={"csrf_token": csrf})
        world.web_login("jiashan")
        html = world.client.get(f"/synergy/{YEAR}").text
        assert f"county-link-{JIASHAN}" in html and f"county-link-{NANHU}" not in html
        assert "compute-form" not in html


class TestCountyPage:
    def test_another_countys_drill_down_is_refused(self, world: World) -> None:
        world.web_login("jiashan")
        assert world.client.get(f"/synergy/{YEAR}/{NANHU}").status_code == 403

    def test_the_drill_down_shows_bounds_and_the_county_across_years(self, world: World) -> None:
        csrf = world.web_login("city")
        for year in (2020, YEAR):
            world.client.post(f"/synergy/{year}/compute", data={"csrf_token": csrf})
        html = world.client.get(f"/synergy/{YEAR}/{XIUZHOU}", params={"lang": "en"}).text
        # GDP per person 2 against the 2020 bounds [1 - 2, 3 + 2]: (2 + 1)/6 = 0.5
        assert "[-1.00, 5.00]" in html.split('data-testid="bounds-gdp_per_capita"')[1][:40]
        trend = html.split('data-testid="trend"')[1].split("</table>")[0]
        assert trend.count("<tr") == 3 and trend.count("50.0") == 2  # 2020 and 2024, same inputs
        assert "trend-warning" not in html

    def test_an_unscored_county_names_its_missing_inputs(self, world: World) -> None:
        world.web_login("city")
        html = world.client.get(f"/synergy/{YEAR}/330424").text
        missing = html.split('data-testid="missing-inputs"')[1].split("</ul>")[0]
        assert missing.count("<li>") == 11


class TestInputsForm:
    def test_a_bad_value_is_shown_again_with_the_error_and_nothing_is_written(
        self, world: World
    ) -> None:
        csrf = world.web_login("jiashan")
        before = _rows(world, SynergyInput)
        response = world.client.post(
            f"/synergy/{YEAR}/inputs",
            data={
                "csrf_token": csrf,
                "county_code": JIASHAN,
                "v_pm25_concentration": "20",
                "s_pm25_concentration": "公报",
                "v_cod_per_gdp": "abc",
                "s_cod_per_gdp": "公报",
            },
        )
        assert response.status_code == 422
        assert 'data-testid="form-error"' in response.text and 'value="abc"' in response.text
        assert _rows(world, SynergyInput) == before

    def test_another_county_is_refused(self, world: World) -> None:
        csrf = world.web_login("jiashan")
        response = world.client.post(
            f"/synergy/{YEAR}/inputs",
            data={
                "csrf_token": csrf,
                "county_code": NANHU,
                "v_pm25_concentration": "20",
                "s_pm25_concentration": "公报",
            },
        )
        assert response.status_code == 403

    def test_a_form_without_the_csrf_token_is_refused(self, world: World) -> None:
        world.web_login("jiashan")
        response = world.client.post(f"/synergy/{YEAR}/inputs", data={"county_code": JIASHAN})
        assert response.status_code == 403


class TestWeightsForm:
    def test_weights_not_summing_to_one_are_refused_and_nothing_is_written(
        self, world: World
    ) -> None:
        csrf = world.web_login("city")
        response = world.client.post(
            "/synergy/weights",
            data={
                "csrf_token": csrf,
                "name": "减污优先",
                "w_pm25_concentration": "0.5",
                "w_co2_per_gdp": "0.4",
            },
        )
        assert response.status_code == 422 and "0.900000" in response.text
        assert _rows(world, SynergyWeightSet) == 0

    def test_a_city_official_saves_a_weight_set_and_computes_with_it(self, world: World) -> None:
        csrf = world.web_login("city")
        response = world.client.post(
            "/synergy/weights",
            data={
                "csrf_token": csrf,
                "name": "减污优先",
                "note": "示例",
                "w_pm25_concentration": "0.6",
                "w_gdp_per_capita": "0.4",
            },
            follow_redirects=False,
        )
        assert response.status_code == 303 and _rows(world, SynergyWeightSet) == 1
        page = world.client.get(f"/synergy/{YEAR}").text
        weight_set = re.search(r'<option value="(\d+)">', page)
        assert weight_set is not None
        html = world.client.post(
            f"/synergy/{YEAR}/compute", data={"csrf_token": csrf, "weighting": weight_set[1]}
        ).text
        assert 'data-weighting="official"' in html
        # the set belongs to 2026.1 (the newest): GDP per person x' = (x + 1)/6, PM2.5 against
        # 15-35. Xiuzhou 100 × (0.6 × 0.5 + 0.4 × 0.5) = 50; Jiashan 100 × (0.6 × 1 + 0.4 × 2/3)
        # = 86.6667; Nanhu 100 × (0.6 × 0 + 0.4 × 1/3) = 13.3333
        table = html.split('data-testid="ranking"')[1].split("</table>")[0]
        assert "<strong>50.0</strong>" in table and "<strong>86.7</strong>" in table
        assert "<strong>13.3</strong>" in table

    def test_a_county_official_sees_no_form(self, world: World) -> None:
        world.web_login("jiashan")
        assert "weights-form" not in world.client.get("/synergy/weights").text


class TestDefinitionPage:
    def test_an_official_reads_every_indicator_with_its_source_and_the_bands(
        self, world: World
    ) -> None:
        world.web_login("jiashan")
        html = world.client.get("/synergy/definitions/latest").text
        indicators = html.split('data-testid="definition-indicators"')[1].split("</table>")[0]
        assert indicators.count("<tr>") == 12  # header + 11 indicators
        assert "GB 3095-2012" in indicators and "15.0–35.0" in indicators
        assert indicators.count("以2020年为基准") == 9  # the nine indicators without bounds
        assert 'data-anchored="1"' in html and "王淑佳" in html
        bands = html.split('data-testid="definition-bands"')[1].split("</table>")[0]
        assert "0.6 &lt; D ≤ 0.7" in bands and "初级协调" in bands
        old = world.client.get(f"/synergy/definitions/{V1}").text
        old_indicators = old.split('data-testid="definition-indicators"')[1].split("</table>")[0]
        assert 'data-anchored="0"' in old and "以2020年为基准" not in old_indicators

    def test_a_resident_is_refused(self, world: World) -> None:
        world.web_login("resident")
        assert world.client.get("/synergy/definitions/2025.1").status_code == 403


class TestIndexPage:
    def test_it_opens_the_newest_computed_year(self, world: World) -> None:
        csrf = world.web_login("city")
        world.client.post(f"/synergy/{YEAR}/compute", data={"csrf_token": csrf})
        response = world.client.get("/synergy", follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == f"/synergy/{YEAR}"

    def test_without_a_computed_year_it_opens_the_year_before_today_by_the_apps_clock(
        self, world: World
    ) -> None:
        from datetime import UTC, datetime

        # 2031-01-01 01:00 in Beijing is 2030-12-31 17:00 UTC: the year before is 2030 (logged
        # in on that clock, so that the session is fresh by it)
        world.app.state.clock = lambda: datetime(2030, 12, 31, 17, 0, tzinfo=UTC)
        try:
            world.web_login("city")
            response = world.client.get("/synergy", follow_redirects=False)
        finally:
            del world.app.state.clock
        assert response.status_code == 303 and response.headers["location"] == "/synergy/2030"
