"""The city inventory (城市温室气体清单): statistical energy balance, economic statistics,
activity data and sinks entered by officials, the GPC inventory computed from them by the
accounting core, and the reconciliation with the entities' accounts.

Other parts read it as ``from shuangtan.city.inventory import service as inventory_service``.
"""
