"""The routing table: every API router of the platform, in one screen.

``public`` routes answer without login and say so here; everything under ``private``
requires a logged-in principal, so a new route is private unless it is listed as public.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends

from shuangtan.accounts import files_router as account_files
from shuangtan.accounts import router as accounts
from shuangtan.auth.deps import get_principal
from shuangtan.calculator import router as calculator
from shuangtan.city import analysis_router
from shuangtan.city.dashboard import router as dashboard
from shuangtan.city.inventory import router as inventory
from shuangtan.city.peak import router as peak
from shuangtan.city.synergy import router as synergy
from shuangtan.city.targets import router as targets
from shuangtan.finance import router as finance
from shuangtan.grading import router as grading
from shuangtan.users import router as users


def api_router() -> APIRouter:
    """The ``/api/v1`` URL space."""
    public = APIRouter()
    public.include_router(calculator.router)  # public tool: no login, rate-limited
    public.include_router(analysis_router.router)  # public tool: LMDI
    public.include_router(users.router)  # /auth/token must be reachable before login
    public.include_router(grading.public_router)  # /grading/public: QR target, disclosure
    public.include_router(targets.public_router)  # /targets/public: published progress
    public.include_router(dashboard.public_router)  # /dashboard/public: protected aggregates

    private = APIRouter(dependencies=[Depends(get_principal)])
    for router in users.private_routers:  # /admin/users, /audit
        private.include_router(router)
    private.include_router(accounts.router)  # /accounts: entities, reports, MRV workflow
    private.include_router(account_files.router)  # /accounts: Excel template, import, annual report
    private.include_router(grading.router)  # /grading: grades, benchmarks, D-class lists
    private.include_router(finance.router)  # /finance: consents; banks read consenting files
    private.include_router(targets.router)  # /targets: plan indicators, county targets, reports
    private.include_router(dashboard.router)  # /dashboard: officials' view, entities in scope
    private.include_router(inventory.router)  # /inventory: entries, GPC inventory, reconciliation
    private.include_router(peak.router)  # /peak: saved Kaya scenarios, compare, export, LMDI
    private.include_router(synergy.router)  # /synergy: inputs, official weights, index, drill-down

    root = APIRouter(prefix="/api/v1")
    root.include_router(public)
    root.include_router(private)
    return root
