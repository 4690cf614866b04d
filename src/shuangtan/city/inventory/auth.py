"""Named permission dependencies of the inventory API (权限依赖); the services check again."""

from __future__ import annotations

from typing import Annotated

from shuangtan.auth.deps import require_roles
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role

__all__ = ["InventoryOfficial"]

InventoryOfficial = Annotated[Principal, require_roles(Role.official, Role.admin)]
"""An official (in the service: its county, or the whole city) or an administrator."""
