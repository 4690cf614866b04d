"""The peak pages as HTML: who may open them, the county official's scope, the editor's refusals
and writes through the form (the browser tests look at them in Chromium)."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from shuangtan.city.peak.models import PeakScenario
from testkit import World

from .conftest import JIASHAN, hand_scenario


def _count(world: World) -> int:
    with world.session() as session:
        return int(session.scalar(select(func.count()).select_from(PeakScenario)) or 0)


def _form(csrf: str, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "csrf_token": csrf,
        "name": "表单情景",
        "scope_kind": "county",
        "scope_code": JIASHAN,
        "base_year": "2020",
        "base_population": "60",
        "base_gdp_per_capita": "10",
        "base_energy_intensity": "0.5",
        "base_carbon_intensity": "2",
        "base_source": "test data",
        "first_year": ["2021", "2026", "2031"],
        "last_year": ["2025", "2030", "2060"],
        "rate_population": ["1", "0", "0"],
        "rate_gdp_per_capita": ["5", "6", "1"],
        "rate_energy_intensity": ["-4", "-2", "-3"],
        "rate_carbon_intensity": ["-2", "-1", "-3"],
        "sd_population": "0",
        "sd_gdp_per_capita": "0",
        "sd_energy_intensity": "0",
        "sd_carbon_intensity": "0",
        "mc_seed": "1",
        "note": "",
    }
    data.update(changes)
    return data


class TestOverviewPage:
    def test_anonymous_is_sent_to_log_in(self, world: World) -> None:
        response = world.client.get(
            "/peak", headers={"accept": "text/html"}, follow_redirects=False
        )
        assert response.status_code == 303 and "/login" in response.headers["location"]

    def test_an_enterprise_is_refused(self, world: World) -> None:
        world.web_login("firm")
        assert world.client.get("/peak", headers={"accept": "text/html"}).status_code == 403

    def test_a_county_official_sees_only_their_county_and_jiashan_is_not_theirs(
        self, world: World
    ) -> None:
        world.web_login("nanhu")
        html = world.client.get("/peak").text
        assert "南湖区" in html and "秀洲区" not in html and "全市" not in html
        assert 'data-testid="jiashan-panel"' not in html


class TestSavePage:
    def test_the_form_saves_a_county_scenario_whose_percentages_become_rates(
        self, world: World
    ) -> None:
        csrf = world.web_login("jiashan")
        response = world.client.post("/peak/scenarios", data=_form(csrf), follow_redirects=False)
        assert response.status_code == 303, response.text
        scenario_id = int(response.headers["location"].rsplit("/", 1)[1])
        api = world.client.get(f"/api/v1/peak/scenarios/{scenario_id}").json()
        # The same inputs as hand_scenario() in %: the same hand-computed peak, 2030 at 682.381.
        assert api["scenario"]["rates"] == hand_scenario()["rates"]
        assert api["summary"]["peak_year"] == 2030
        assert abs(api["summary"]["peak_value_10k_tco2"] - 682.3809) < 1e-3

    def test_a_path_still_rising_in_2060_is_not_peaked_and_says_so(self, world: World) -> None:
        # Every period grows: P +1 %, G/P +5 %, E/G −2 %, C/E −1 %: × 1.01 × 1.05 × 0.98 × 0.99
        # = 1.0289 a year, so the highest year is 2060, the horizon: not a peak.
        csrf = world.web_login("jiashan")
        rising = _form(
            csrf,
            rate_population=["1", "1", "1"],
            rate_gdp_per_capita=["5", "5", "5"],
            rate_energy_intensity=["-2", "-2", "-2"],
            rate_carbon_intensity=["-1", "-1", "-1"],
        )
        response = world.client.post("/peak/scenarios", data=rising, follow_redirects=False)
        assert response.status_code == 303, response.text
        scenario_id = int(response.headers["location"].rsplit("/", 1)[1])
        api = world.client.get(f"/api/v1/peak/scenarios/{scenario_id}").json()
        assert api["summary"]["peak_year"] is None
        assert api["summary"]["peak_value_10k_tco2"] is None
        assert api["summary"]["p_peak_by_2035"] == 0.0  # zero spread: no draw peaks either
        assert api["not_peaked"] == 1.0
        assert set(api["peak_year_percentiles"].values()) == {None}
        html = world.client.get(f"/peak/scenarios/{scenario_id}").text
        assert re.search(r'data-testid="editor-peak-year">\s*未在预测期内达峰', html)

    def test_a_word_for_a_rate_is_refused_in_chinese_and_nothing_is_written(
        self, world: World
    ) -> None:
        csrf = world.web_login("jiashan")
        data = _form(csrf, rate_gdp_per_capita=["5", "six", "1"])
        response = world.client.post("/peak/scenarios", data=data)
        assert response.status_code == 422
        assert "第2行 gdp_per_capita 增速不是数字" in response.text
        assert 'value="表单情景"' in response.text  # the entry is shown again
        assert _count(world) == 0

    def test_a_county_official_may_not_post_another_county(self, world: World) -> None:
        csrf = world.web_login("nanhu")
        response = world.client.post("/peak/scenarios", data=_form(csrf))
        assert response.status_code == 403
        assert _count(world) == 0

    def test_without_the_csrf_token_nothing_is_written(self, world: World) -> None:
        world.web_login("jiashan")
        response = world.client.post("/peak/scenarios", data=_form("forged"))
        assert response.status_code == 403
        assert _count(world) == 0


class TestDeletePage:
    def test_the_delete_button_removes_the_scenario_from_the_list(self, world: World) -> None:
        csrf = world.web_login("jiashan")
        created = world.client.post("/peak/scenarios", data=_form(csrf), follow_redirects=False)
        scenario_id = created.headers["location"].rsplit("/", 1)[1]
        response = world.client.post(
            f"/peak/scenarios/{scenario_id}/delete",
            data={"csrf_token": csrf},
            follow_redirects=False,
        )
        assert response.status_code == 303
        assert "data-scenario-id" not in world.client.get(response.headers["location"]).text


class TestComparePage:
    def test_the_export_buttons_answer_with_the_page_s_login(self, world: World) -> None:
        csrf = world.web_login("jiashan")
        created = world.client.post("/peak/scenarios", data=_form(csrf), follow_redirects=False)
        scenario_id = created.headers["location"].rsplit("/", 1)[1]
        html = world.client.get(f"/peak/compare?ids={scenario_id}").text
        links = re.findall(r'href="(/api/v1/peak/compare/export\?[^"]+)"', html)
        assert len(links) == 3
        csv_link = next(link for link in links if link.endswith("format=csv"))
        response = world.client.get(csv_link.replace("&amp;", "&"))
        assert response.status_code == 200
        assert "表单情景" in response.content.decode("utf-8-sig")

    def test_nothing_chosen_shows_the_form_again_with_why(self, world: World) -> None:
        csrf = world.web_login("jiashan")
        created = world.client.post("/peak/scenarios", data=_form(csrf), follow_redirects=False)
        scenario_id = created.headers["location"].rsplit("/", 1)[1]
        response = world.client.get("/peak/compare")
        assert response.status_code == 422
        html = response.text
        assert 'data-testid="compare-error"' in html
        assert "请选择 1–8 个情景进行比较,收到 0 个。" in html
        # the form lists the official's scenarios to choose from, under the county's name
        assert f'name="ids" value="{scenario_id}"' in html and "嘉善县" in html
        english = world.client.get("/peak/compare?lang=en").text
        assert "Choose 1-8 scenarios to compare, got 0." in english

    def test_nine_chosen_keep_their_ticks(self, world: World) -> None:
        csrf = world.web_login("jiashan")
        created = world.client.post("/peak/scenarios", data=_form(csrf), follow_redirects=False)
        scenario_id = created.headers["location"].rsplit("/", 1)[1]
        query = "&".join(f"ids={n}" for n in [scenario_id, *range(90001, 90009)])
        response = world.client.get(f"/peak/compare?{query}")
        assert response.status_code == 422
        assert f'value="{scenario_id}" checked' in response.text
        assert "收到 9 个" in response.text

    def test_an_enterprise_is_still_refused(self, world: World) -> None:
        world.web_login("firm")
        assert world.client.get("/peak/compare").status_code == 403
