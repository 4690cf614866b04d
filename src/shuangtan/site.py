"""The pages routing table (页面路由表): every web page of the platform, in one screen.

Beside :mod:`shuangtan.api`, and built the same way: ``public`` pages answer without login and
are listed here; everything under ``private`` requires a logged-in principal (a browser that is
not logged in is sent to the login page and back), so a new page is private unless it is
listed as public.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse

from shuangtan.accounts import pages as accounts
from shuangtan.auth.deps import get_principal
from shuangtan.calculator import pages as calculator
from shuangtan.city.dashboard import pages as dashboard
from shuangtan.city.inventory import pages as inventory
from shuangtan.city.peak import pages as peak
from shuangtan.city.synergy import pages as synergy
from shuangtan.city.targets import pages as targets
from shuangtan.finance import pages as finance
from shuangtan.grading import pages as grading
from shuangtan.home import home
from shuangtan.users import pages as users

__all__ = ["pages_router"]


def pages_router() -> APIRouter:
    """Every web page of the platform (not in the OpenAPI document)."""
    public = APIRouter()
    public.add_api_route("/", home, methods=["GET"], response_class=HTMLResponse)  # each role's
    #                                                 work (shuangtan.home), else the general home
    public.include_router(users.public_router)  # /login, /logout
    public.include_router(calculator.public_router)  # /calculator: the public tool
    public.include_router(dashboard.public_router)  # /dashboard: protected aggregates; full
    #                                                 within an official's scope when logged in
    public.include_router(grading.public_router)  # /grades/{token} (QR target), /disclosure
    public.include_router(targets.public_router)  # /progress: the published plan progress

    private = APIRouter(dependencies=[Depends(get_principal)])
    private.include_router(users.router)  # /admin/audit
    private.include_router(accounts.router)  # /accounts: account, reports, queue, overdue
    private.include_router(grading.router)  # /grading: grades, D-class list
    private.include_router(finance.router)  # /finance: consents, banks' enterprise files
    private.include_router(targets.router)  # /targets: indicators, county targets, reports
    private.include_router(inventory.router)  # /inventory: entries, GPC inventory
    private.include_router(peak.router)  # /peak: scenarios, compare, Jiashan, LMDI
    private.include_router(synergy.router)  # /synergy: inputs, index, drill-down

    root = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
    root.include_router(public)
    root.include_router(private)
    return root
