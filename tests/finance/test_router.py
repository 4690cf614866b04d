"""The finance API: consent by the enterprise, reads by its bank only, nothing after withdrawal."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

import testkit
from grading.conftest import ApiWorld, shared_world  # noqa: F401  (the shared app fixture)
from shuangtan.audit.models import AuditEntry


class TestEnterprises:
    def test_anonymous_is_refused(self, shared_world: ApiWorld) -> None:  # noqa: F811
        testkit.problem(
            shared_world.client.get("/api/v1/finance/enterprises"), 401, "auth.not_authenticated"
        )

    def test_an_enterprise_user_is_refused(self, shared_world: ApiWorld) -> None:  # noqa: F811
        response = shared_world.client.get(
            "/api/v1/finance/enterprises", headers=shared_world.login("firm-a")
        )
        testkit.problem(response, 403, "auth.permission_denied")

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
        testkit.problem(client.get(file_url, headers=bank), 404, "finance.consent_not_found")

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
        testkit.problem(client.get(file_url, headers=other_bank), 404, "finance.consent_not_found")

        withdrawn = client.delete(
            f"/api/v1/finance/consents/{shared_world.bank_ids['a']}", headers=firm
        )
        assert withdrawn.status_code == 200 and withdrawn.json()["withdrawn_at"]
        assert client.get("/api/v1/finance/enterprises", headers=bank).json() == []
        testkit.problem(client.get(file_url, headers=bank), 404, "finance.consent_not_found")

    def test_a_bank_may_not_grant_consent(self, shared_world: ApiWorld) -> None:  # noqa: F811
        response = shared_world.client.post(
            "/api/v1/finance/consents",
            json={"bank_id": shared_world.bank_ids["a"]},
            headers=shared_world.login("bank-a"),
        )
        testkit.problem(response, 403, "auth.permission_denied")


class TestAnnualReport:
    """The bank's download of a consenting enterprise's annual report: finance checks the
    consent and audits the read; the accounts' own download route refuses banks."""

    def test_the_consenting_enterprises_bank_downloads_it_and_no_one_else(
        self,
        shared_world: ApiWorld,  # noqa: F811
    ) -> None:
        client = shared_world.client
        firm, bank = shared_world.login("firm-b"), shared_world.login("bank-a")
        entity = shared_world.ids["nanhu_b"]
        url = f"/api/v1/finance/enterprises/{entity}/annual/2024/report"
        testkit.problem(client.get(url + ".pdf", headers=bank), 404, "finance.consent_not_found")
        client.post(
            "/api/v1/finance/consents", json={"bank_id": shared_world.bank_ids["a"]}, headers=firm
        )
        pdf = client.get(url + ".pdf", headers=bank)
        assert pdf.status_code == 200, pdf.text
        assert pdf.headers["content-type"] == "application/pdf" and pdf.content[:4] == b"%PDF"
        xlsx = client.get(url + ".xlsx", headers=bank)
        assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
        other_bank = shared_world.login("bank-b")  # another tenant
        testkit.problem(
            client.get(url + ".pdf", headers=other_bank), 404, "finance.consent_not_found"
        )
        testkit.problem(client.get(url + ".pdf", headers=firm), 403, "auth.permission_denied")
        assert client.get(url + ".pdf").status_code == 401
        # the accounts room's own route never serves a bank, consent or not
        own = f"/api/v1/accounts/entities/{entity}/annual/2024/report.pdf"
        assert client.get(own, headers=bank).status_code == 404
        client.delete(f"/api/v1/finance/consents/{shared_world.bank_ids['a']}", headers=firm)
        testkit.problem(client.get(url + ".pdf", headers=bank), 404, "finance.consent_not_found")

    def test_each_download_is_in_the_audit_log(
        self,
        shared_world: ApiWorld,  # noqa: F811
    ) -> None:
        client = shared_world.client
        firm, bank = shared_world.login("firm-a"), shared_world.login("bank-b")
        entity, bank_id = shared_world.ids["nanhu_a"], shared_world.bank_ids["b"]
        client.post("/api/v1/finance/consents", json={"bank_id": bank_id}, headers=firm)
        url = f"/api/v1/finance/enterprises/{entity}/annual/2024/report.xlsx"
        assert client.get(url, headers=bank).status_code == 200
        client.delete(f"/api/v1/finance/consents/{bank_id}", headers=firm)
        with shared_world.session() as session:
            reads = session.scalars(
                select(AuditEntry.after).where(
                    AuditEntry.action == "finance.read", AuditEntry.entity_id == str(entity)
                )
            ).all()
        assert {"bank_id": bank_id, "read": "annual_report:2024"} in reads


class TestBanks:
    def test_anonymous_is_refused(self, shared_world: ApiWorld) -> None:  # noqa: F811
        testkit.problem(
            shared_world.client.get("/api/v1/finance/banks"), 401, "auth.not_authenticated"
        )

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
        testkit.problem(response, 403, "auth.permission_denied")

    def test_withdrawing_what_was_never_granted_is_not_found(
        self,
        shared_world: ApiWorld,  # noqa: F811
    ) -> None:
        response = shared_world.client.delete(
            f"/api/v1/finance/consents/{shared_world.bank_ids['b']}",
            headers=shared_world.login("firm-b"),
        )
        testkit.problem(response, 404, "finance.consent_not_found")


class TestOpenApiAnswers:
    def test_every_operation_declares_what_it_answers(self, anonymous_client: TestClient) -> None:
        spec = anonymous_client.get("/api/v1/openapi.json").json()
        assert testkit.openapi_answers(spec, "/finance/") == {
            "GET /finance/banks": "200 [BankRead]",
            "GET /finance/consents": "200 [ConsentRead]",
            "POST /finance/consents": "201 ConsentRead",
            "DELETE /finance/consents/{bank_id}": "200 ConsentRead",
            "GET /finance/enterprises": "200 [EnterpriseRead]",
            "GET /finance/enterprises/{entity_id}": "200 EnterpriseFileRead",
            "GET /finance/enterprises/{entity_id}/annual/{year}/report.pdf": (
                "200 binary application/pdf"
            ),
            "GET /finance/enterprises/{entity_id}/annual/{year}/report.xlsx": (
                "200 binary application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            ),
        }


class TestBankPages:
    def test_the_consenting_list_and_file_name_the_industry_beside_its_code(
        self,
        shared_world: ApiWorld,  # noqa: F811
    ) -> None:
        """The seeded firms are textile mills: GB/T 4754-2017 division C17 is 纺织业 (Textiles)."""
        firm, bank_id = shared_world.login("firm-a"), shared_world.bank_ids["a"]
        entity = shared_world.ids["nanhu_a"]
        granted = shared_world.client.post(
            "/api/v1/finance/consents", json={"bank_id": bank_id}, headers=firm
        )
        assert granted.status_code == 201, granted.text
        try:
            with TestClient(shared_world.app) as pages:
                testkit.form_login(pages, "bank-a")
                listed = pages.get("/finance")
                assert listed.status_code == 200
                assert "纺织业 (C17)" in listed.text
                file = pages.get(f"/finance/enterprises/{entity}")
                assert "纺织业 (C17)" in file.text
                english = pages.get(f"/finance/enterprises/{entity}", params={"lang": "en"})
                assert "Textiles (C17)" in english.text
        finally:
            shared_world.client.delete(f"/api/v1/finance/consents/{bank_id}", headers=firm)
