"""Users, roles, tokens, permissions and the audit log (用户、角色、令牌、权限、审计日志).

A foundation: it imports only ``shuangtan.db``, ``shuangtan.errors`` and ``shuangtan.config``,
never a domain room (``users.county_code`` names ``counties`` by table, not by import).
"""
