"""Plan targets and evaluations (规划目标与评估): indicator values, progress, county targets,
the annual / mid-term / final evaluation reports and the public progress page."""
