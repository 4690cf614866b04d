"""The city (城市): its configuration, county-level divisions, industries and plan indicators."""
