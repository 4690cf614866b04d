"""Where each role lands (登录后首页): the page of its own work.

After logging in (without a ``next`` page) and on ``/`` while logged in, a verifier lands on
its queue and a bank on its consented enterprises; officials, enterprises and administrators
land on ``/``, which shows them their to-do summary, their account and what is due, or the
administration; residents, merchants and partners on the general home.
"""

from __future__ import annotations

from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role

__all__ = ["ELSEWHERE", "landing_path"]

ELSEWHERE: dict[Role, str] = {
    Role.verifier: "/accounts/queue",
    Role.bank: "/finance",
}
"""Roles whose work is another page than ``/``: ``/`` sends them there."""


def landing_path(principal: Principal | None) -> str:
    """The page ``principal`` lands on after logging in."""
    if principal is None:
        return "/"
    return ELSEWHERE.get(principal.role, "/")
