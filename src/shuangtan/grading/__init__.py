"""Grades (评价): carbon-efficiency grades (碳效码), per-mu evaluation (亩均论英雄), benchmarks."""
