"""Named permission dependency of the peak API (权限依赖); the service checks the scope again."""

from __future__ import annotations

from typing import Annotated

from shuangtan.auth.deps import require_roles
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role

__all__ = ["PeakUser"]

PeakUser = Annotated[Principal, require_roles(Role.official, Role.admin)]
"""An official (in the service: within its county or the whole city) or an administrator."""
