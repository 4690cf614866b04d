"""Users (用户): the doors of ``auth`` — tokens, logging in and out, the current user, user
administration and the audit log's API and page. The rules live in ``auth`` (a foundation);
this room is its HTTP and page face."""
