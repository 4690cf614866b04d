"""Who may read and write plan targets (规划目标权限).

Any official or administrator reads (a county official only its county's targets, which the
county rules enforce); only a city-scope official or an administrator writes. ``actor`` ``None``
is the system itself (the demo loader, the CLI) and may always write.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.city.targets.errors import TargetsDenied, TargetsOutOfScope

__all__ = ["actor_id", "can_read", "can_write"]


def can_read(actor: Principal) -> None:
    """Refuse (:class:`TargetsDenied`) anyone but an official or an administrator."""
    if not actor.has_role(Role.official, Role.admin):
        raise TargetsDenied(
            "只有政府工作人员可以查看规划目标。", "Only officials may read targets."
        )


def can_write(session: Session, actor: Principal | None) -> None:
    """Refuse a reader who may not write: a county official (:class:`TargetsOutOfScope`)."""
    if actor is None:  # the system itself (the demo loader, the CLI)
        return
    can_read(actor)
    if not actor.scope.whole_city:
        raise TargetsOutOfScope(
            "规划目标与年度值由市级部门填报,区县工作人员只能查看。",
            "Plan targets and values are entered by the city; county officials may only read.",
        )


def actor_id(actor: Principal | None) -> int | None:
    """The user id a write is recorded under (None for the system)."""
    return None if actor is None else actor.user_id
