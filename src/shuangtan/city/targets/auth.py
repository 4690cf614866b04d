"""Named permission dependencies of the targets API (权限依赖); the services check again."""

from __future__ import annotations

from typing import Annotated

from shuangtan.auth.deps import require_roles
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role

__all__ = ["TargetsReader", "TargetsWriter"]

TargetsReader = Annotated[Principal, require_roles(Role.official, Role.admin)]
"""An official (county officials: their county's rows) or an administrator."""
TargetsWriter = Annotated[Principal, require_roles(Role.official, Role.admin)]
"""A city-scope official or an administrator (the service refuses county officials)."""
