"""The principal (当前用户): who is calling, as every service sees them."""

from __future__ import annotations

from dataclasses import dataclass

from shuangtan.auth.roles import Role
from shuangtan.place.scope import Scope

__all__ = ["Principal"]


@dataclass(frozen=True, slots=True)
class Principal:
    """当前用户 principal: the authenticated caller of a service.

    ``role`` says what the caller may do; ``scope`` (:class:`~shuangtan.place.scope.Scope`)
    where and whose rows it reaches: the whole city or one county for an official, its own
    entity for an enterprise, its assignments for a verifier, consented entities for a bank.
    """

    user_id: int
    username: str
    display_name: str
    role: Role
    scope: Scope

    @property
    def entity_id(self) -> int | None:
        """An enterprise user's own emitting entity; ``None`` for other roles."""
        return self.scope.entity_id

    def has_role(self, *roles: Role) -> bool:
        """Whether the principal holds one of ``roles``."""
        return self.role in roles

    @property
    def is_admin(self) -> bool:
        """Whether the principal is a system administrator (系统管理员)."""
        return self.role is Role.admin
