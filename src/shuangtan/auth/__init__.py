"""Users, roles, sessions, tokens and permissions (用户、角色、令牌、权限).

A foundation: it imports ``place`` (a principal carries its scope), ``audit``, ``db``,
``errors`` and ``config``, never a domain room.
"""
