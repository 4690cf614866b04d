"""The finance API: consent by the enterprise, reads by its bank only, nothing after withdrawal."""

from __future__ import annotations

from typing import Any

from grading.conftest import ApiWorld, shared_world  # noqa: F401  (the shared app fixture)


def _problem(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.json()["code"] == code


class TestEnterprises:
    def test_anonymous_is_refused(self, shared_world: ApiWorld) -> None:  # noqa: F811
        _problem(shared_world.client.get("/api/v1/finance/enterprises"), 401,
                 "auth.not_authenticated")  # fmt: skip

    def test_an_enterprise_user_is_refused(self, shared_world: ApiWorld) -> None:  # noqa: F811
        response = shared_world.client.get(
            "/api/v1/finance/enterprises", headers=shared_world.login("firm-a")
        )
        _problem(response, 403, "auth.permission_denied")

    def test_consent_opens_and_withdrawal_closes_the_file(
        self,
        shared_world: ApiWorld,  # noqa: F811
    ) -> None:
        client, firm, bank = (
            shared_world.client,
            shared_world.login("firm-a"),
            shared_world.login("bank-a"),
        )
        entity = shared_world.ids["nanhu_a"]
        file_url = f"/api/v1/finance/enterprises/{entity}"
        assert client.get("/api/v1/finance/enterprises", headers=bank).json() == []
        _problem(client.get(file_url, headers=bank), 404, "finance.consent_not_found")

        granted = client.post(
            "/api/v1/finance/consents", json={"bank_id": shared_world.bank_ids["a"]}, headers=firm
        )
        assert granted.status_code == 201, granted.text
        listed = client.get("/api/v1/finance/enterprises", headers=bank).json()
        assert [e["id"] for e in listed] == [entity]
        body = client.get(file_url, headers=bank).json()
        assert [(g["year"], g["grade"]) for g in body["grades"]] == [(2024, 1)]
        assert [(a["year"], float(a["tco2e"])) for a in body["accounts"]] == [(2024, 60.0)]

        other_bank = shared_world.login("bank-b")  # another tenant
        _problem(client.get(file_url, headers=other_bank), 404, "finance.consent_not_found")

        withdrawn = client.delete(
            f"/api/v1/finance/consents/{shared_world.bank_ids['a']}", headers=firm
        )
        assert withdrawn.status_code == 200 and withdrawn.json()["withdrawn_at"]
        assert client.get("/api/v1/finance/enterprises", headers=bank).json() == []
        _problem(client.get(file_url, headers=bank), 404, "finance.consent_not_found")

    def test_a_bank_may_not_grant_consent(self, shared_world: ApiWorld) -> None:  # noqa: F811
        response = shared_world.client.post(
            "/api/v1/finance/consents",
            json={"bank_id": shared_world.bank_ids["a"]},
            headers=shared_world.login("bank-a"),
        )
        _problem(response, 403, "auth.permission_denied")


class TestBanks:
    def test_anonymous_is_refused(self, shared_world: ApiWorld) -> None:  # noqa: F811
        _problem(shared_world.client.get("/api/v1/finance/banks"), 401, "auth.not_authenticated")

    def test_an_enterprise_sees_the_banks_it_may_consent_to(
        self,
        shared_world: ApiWorld,  # noqa: F811
    ) -> None:
        body = shared_world.client.get(
            "/api/v1/finance/banks", headers=shared_world.login("firm-a")
        ).json()
        assert [b["name"] for b in body] == sorted(["测试银行甲", "测试银行乙"])


class TestConsents:
    def test_a_bank_may_not_list_an_enterprises_consents(
        self,
        shared_world: ApiWorld,  # noqa: F811
    ) -> None:
        response = shared_world.client.get(
            "/api/v1/finance/consents", headers=shared_world.login("bank-a")
        )
        _problem(response, 403, "auth.permission_denied")

    def test_withdrawing_what_was_never_granted_is_not_found(
        self,
        shared_world: ApiWorld,  # noqa: F811
    ) -> None:
        response = shared_world.client.delete(
            f"/api/v1/finance/consents/{shared_world.bank_ids['b']}",
            headers=shared_world.login("firm-b"),
        )
        _problem(response, 404, "finance.consent_not_found")
