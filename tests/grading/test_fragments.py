"""The grade shown on an enterprise's account page: a fragment served by grading.

The account page (``accounts``) does not read grades; it leaves a slot that loads
``/grading/entities/{id}/account-grade?year=…`` from this room, which checks who may see it.
"""

from __future__ import annotations

from .conftest import ApiWorld


def _fragment(world: ApiWorld, key: str, year: int = 2024) -> tuple[int, str]:
    response = world.client.get(
        f"/grading/entities/{world.ids[key]}/account-grade?year={year}",
        headers={"accept": "text/html"},
        follow_redirects=False,
    )
    return response.status_code, response.text


class TestAccountGradeFragment:
    def test_the_enterprise_sees_its_grade_of_the_year(self, shared_world: ApiWorld) -> None:
        shared_world.web_login("firm-b")
        status, html = _fragment(shared_world, "nanhu_b")
        assert status == 200
        assert 'data-testid="grade">3<' in html  # nanhu_b holds grade 3 in 2024
        assert 'data-testid="peers">同行业 6 家企业中<' in html  # six C17 firms, itself included
        assert f"/grading/entities/{shared_world.ids['nanhu_b']}" in html

    def test_a_year_without_a_grade_shows_nothing(self, shared_world: ApiWorld) -> None:
        shared_world.web_login("firm-b")
        status, html = _fragment(shared_world, "nanhu_b", year=2021)
        assert status == 200 and 'data-testid="grade"' not in html

    def test_another_enterprise_is_refused(self, shared_world: ApiWorld) -> None:
        shared_world.web_login("firm-a")
        status, html = _fragment(shared_world, "nanhu_b")
        assert status == 404 and 'data-testid="grade"' not in html

    def test_a_county_official_sees_its_own_county_only(self, shared_world: ApiWorld) -> None:
        shared_world.web_login("jiashan")
        assert _fragment(shared_world, "jiashan_c")[0] == 200
        assert _fragment(shared_world, "nanhu_b")[0] == 404

    def test_anonymous_is_sent_to_log_in(self, shared_world: ApiWorld) -> None:
        shared_world.client.cookies.clear()
        status, _ = _fragment(shared_world, "nanhu_b")
        assert status == 303


class TestTheAccountPageLoadsIt:
    def test_the_account_page_leaves_a_slot_for_the_grade(self, shared_world: ApiWorld) -> None:
        shared_world.web_login("firm-b")
        entity_id = shared_world.ids["nanhu_b"]
        html = shared_world.client.get(f"/accounts/entities/{entity_id}?year=2024").text
        assert f'hx-get="/grading/entities/{entity_id}/account-grade?year=2024"' in html
