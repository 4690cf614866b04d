"""Named permission dependencies of the accounts API (权限依赖).

They tell a handler's permission story in its signature; the services check again (scope,
assignment, state), so the API, the pages and the CLI cannot differ.
"""

from __future__ import annotations

from typing import Annotated

from shuangtan.auth.deps import require_roles
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role

__all__ = ["AccountsReader", "ReportWriter", "VerifierOnly"]
ReportWriter = Annotated[Principal, require_roles(Role.enterprise, Role.admin)]
"""The enterprise user entering its own reports, or an administrator."""
VerifierOnly = Annotated[Principal, require_roles(Role.verifier)]
"""A member of a verification body."""
AccountsReader = Annotated[
    Principal,
    require_roles(Role.enterprise, Role.verifier, Role.official, Role.admin),
]
"""Anyone with a view of accounts (each sees only its scope)."""
