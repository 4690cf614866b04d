"""绿色低碳协同指数 the green low-carbon synergy index of counties and years (plan §3.(10).5)."""
