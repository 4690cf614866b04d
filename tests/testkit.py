"""The one test world (测试世界): principals, settings, the app, the live server, logging in.

Every room's tests build their worlds from these (importable as ``testkit``: conftest.py puts
tests/ on the path), so that the live server is started one way, settings are made one way and
a user logs in one way.
"""

from __future__ import annotations

from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.place.scope import scope_of

__all__ = ["principal"]


def principal(
    role: Role,
    code: str | None = None,
    *,
    entity_id: int | None = None,
    user_id: int = 900,
    username: str | None = None,
    display_name: str = "测试",
) -> Principal:
    """A principal for service calls, scoped as a user row with these columns would be.

    ``code`` is an official's scope: a city code (``330400``, ending in 00) or a county's.
    """
    city = code if code is not None and code.endswith("00") else None
    county = code if code is not None and not code.endswith("00") else None
    return Principal(
        user_id=user_id,
        username=username or f"t-{role.value}-{code or 'x'}",
        display_name=display_name,
        role=role,
        scope=scope_of(role=role.value, city_code=city, county_code=county, entity_id=entity_id),
    )
