"""Named permission dependencies of the grading API (权限依赖); the services check again."""

from __future__ import annotations

from typing import Annotated

from shuangtan.auth.deps import require_roles
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role

__all__ = ["GradeReader"]

GradeReader = Annotated[Principal, require_roles(Role.enterprise, Role.official, Role.admin)]
"""The enterprise (its own grades), an official (its scope) or an administrator."""
