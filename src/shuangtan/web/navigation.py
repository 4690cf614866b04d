"""The navigation of the web UI by role (按角色导航), grouped by room.

The top bar shows a few direct links and a menu per room (数据中心, 企业碳账户, 评价, 管理),
so that no role's navigation wraps to a second row on a desktop screen; on a phone the same
groups are listed under the menu button (``base.html``, ``static/js/app.js``). A group that a
role sees one entry of is shown as that entry alone.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.web.i18n import N_

__all__ = ["NAVIGATION", "NavGroup", "NavItem", "groups_for", "items_for"]

_CITY = frozenset({Role.official, Role.admin})


@dataclass(frozen=True)
class NavItem:
    """One entry of the top navigation: its path, English message id, and who sees it."""

    href: str
    label: str
    roles: frozenset[Role] | None = None  # None: everyone, logged in or not
    group: str | None = None  # the menu it is shown in (set by items_for)

    def visible_to(self, principal: Principal | None) -> bool:
        return self.roles is None or (principal is not None and principal.role in self.roles)


@dataclass(frozen=True)
class NavGroup:
    """A menu of the top navigation (``label`` ``None``: its entries stand alone)."""

    label: str | None
    items: tuple[NavItem, ...]


NAVIGATION: tuple[NavGroup, ...] = (
    NavGroup(
        None,
        (
            NavItem("/", N_("Home")),
            NavItem("/calculator", N_("Carbon calculator")),
        ),
    ),
    NavGroup(
        N_("Data centre"),
        (
            NavItem("/dashboard", N_("Dashboard")),
            NavItem("/inventory", N_("City inventory"), _CITY),
            NavItem("/peak", N_("Road to the peak"), _CITY),
            NavItem("/synergy", N_("Synergy index"), _CITY),
        ),
    ),
    NavGroup(
        N_("Company accounts"),
        (
            NavItem("/accounts", N_("My carbon account"), frozenset({Role.enterprise})),
            NavItem("/accounts/entities", N_("Carbon accounts"), _CITY),
            NavItem("/accounts/overdue", N_("Overdue reports"), _CITY),
            NavItem("/accounts/queue", N_("Verification queue"), frozenset({Role.verifier})),
            NavItem("/accounts/verifiers", N_("Verifiers"), _CITY),
            NavItem("/finance", N_("Green finance"), frozenset({Role.enterprise, Role.bank})),
        ),
    ),
    NavGroup(
        N_("Evaluation"),
        (
            NavItem("/grading", N_("Grades"), _CITY),
            NavItem("/targets", N_("Plan targets"), _CITY),
            NavItem("/progress", N_("Plan progress")),
            NavItem("/disclosure", N_("Disclosure")),
        ),
    ),
    NavGroup(
        N_("Administration"),
        (
            NavItem("/admin/users", N_("Users"), frozenset({Role.admin})),
            NavItem("/admin/audit", N_("Audit log"), frozenset({Role.admin})),
            NavItem("/docs", N_("API docs")),
            NavItem("/account/password", N_("Change password"), frozenset(Role)),
        ),
    ),
)


def groups_for(principal: Principal | None) -> list[NavGroup]:
    """The groups ``principal`` may see, each with only its visible entries (none empty)."""
    out = []
    for group in NAVIGATION:
        items = tuple(item for item in group.items if item.visible_to(principal))
        if items:
            out.append(NavGroup(group.label if len(items) > 1 else None, items))
    return out


def items_for(principal: Principal | None) -> list[NavItem]:
    """The entries ``principal`` may see (anonymous visitors see the public ones), in order,
    each with the label of the menu it is shown in (``group``; ``None``: a link of its own)."""
    return [
        replace(item, group=group.label) for group in groups_for(principal) for item in group.items
    ]
