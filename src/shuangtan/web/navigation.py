"""The navigation of the web UI by role (按角色导航)."""

from __future__ import annotations

from dataclasses import dataclass

from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.web.i18n import N_


@dataclass(frozen=True)
class NavItem:
    """One entry of the top navigation: its path, English message id, and who sees it."""

    href: str
    label: str
    roles: frozenset[Role] | None = None  # None: everyone, logged in or not


NAVIGATION: tuple[NavItem, ...] = (
    NavItem("/", N_("Home")),
    NavItem("/calculator", N_("Carbon calculator")),
    NavItem("/dashboard", N_("Dashboard")),
    NavItem(
        "/accounts/entities",
        N_("Carbon accounts"),
        frozenset({Role.official, Role.admin}),
    ),
    NavItem("/accounts/overdue", N_("Overdue reports"), frozenset({Role.official, Role.admin})),
    NavItem("/accounts/verifiers", N_("Verifiers"), frozenset({Role.official, Role.admin})),
    NavItem("/grading/2024", N_("Grades"), frozenset({Role.official, Role.admin})),
    NavItem("/targets/2024", N_("Plan targets"), frozenset({Role.official, Role.admin})),
    NavItem("/peak", N_("Road to the peak"), frozenset({Role.official, Role.admin})),
    NavItem("/synergy", N_("Synergy index"), frozenset({Role.official, Role.admin})),
    NavItem("/inventory", N_("City inventory"), frozenset({Role.official, Role.admin})),
    NavItem("/accounts", N_("My carbon account"), frozenset({Role.enterprise})),
    NavItem("/finance", N_("Green finance"), frozenset({Role.enterprise, Role.bank})),
    NavItem("/accounts/queue", N_("Verification queue"), frozenset({Role.verifier})),
    NavItem("/admin/users", N_("Users"), frozenset({Role.admin})),
    NavItem("/admin/audit", N_("Audit log"), frozenset({Role.admin})),
    NavItem("/disclosure/2024", N_("Disclosure")),
    NavItem("/progress", N_("Plan progress")),
    NavItem("/docs", N_("API docs")),
    NavItem("/account/password", N_("Change password"), frozenset(Role)),
)


def items_for(principal: Principal | None) -> list[NavItem]:
    """The entries ``principal`` may see (anonymous visitors see the public ones)."""
    return [
        item
        for item in NAVIGATION
        if item.roles is None or (principal is not None and principal.role in item.roles)
    ]
