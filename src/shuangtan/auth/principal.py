"""The principal (当前用户): who is calling, as every service sees them."""

from __future__ import annotations

from dataclasses import dataclass

from shuangtan.auth.roles import Role

__all__ = ["Principal"]


@dataclass(frozen=True, slots=True)
class Principal:
    """当前用户 principal: the authenticated caller of a service.

    ``county_code`` is the official's scope: the city code (e.g. ``330400``, the whole city)
    or one county-level division (e.g. ``330421`` 嘉善县); ``None`` for other roles.
    ``entity_id`` is the enterprise's emitting entity; ``None`` for other roles.
    """

    user_id: int
    username: str
    display_name: str
    role: Role
    county_code: str | None
    entity_id: int | None

    def has_role(self, *roles: Role) -> bool:
        """Whether the principal holds one of ``roles``."""
        return self.role in roles

    @property
    def is_admin(self) -> bool:
        """Whether the principal is a system administrator (系统管理员)."""
        return self.role is Role.admin
