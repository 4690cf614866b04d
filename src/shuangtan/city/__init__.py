"""The city data centre (城市能源和碳排放数据中心): the inventory, the plan's targets, the road to
the peak, the synergy index and the dashboard, each a sub-room; ``kaya.py`` and ``lmdi.py`` are
their pure engines. The city's configuration (counties, industries, indicators) is ``place``."""
