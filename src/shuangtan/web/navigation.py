"""The navigation of the web UI by role (按角色导航)."""

from __future__ import annotations

from dataclasses import dataclass

from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role


def _(message: str) -> str:
    """Mark a message id for the catalogue; pages translate it when they render."""
    return message


@dataclass(frozen=True)
class NavItem:
    """One entry of the top navigation: its path, English message id, and who sees it."""

    href: str
    label: str
    roles: frozenset[Role] | None = None  # None: everyone, logged in or not


NAVIGATION: tuple[NavItem, ...] = (
    NavItem("/", _("Home")),
    NavItem("/calculator", _("Carbon calculator")),
    NavItem("/admin/audit", _("Audit log"), frozenset({Role.admin})),
    NavItem("/docs", _("API docs")),
)


def items_for(principal: Principal | None) -> list[NavItem]:
    """The entries ``principal`` may see (anonymous visitors see the public ones)."""
    return [
        item
        for item in NAVIGATION
        if item.roles is None or (principal is not None and principal.role in item.roles)
    ]
