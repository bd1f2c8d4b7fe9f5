"""Benchmarks of the grid editor, run by hand (``python bench/bench_grid.py``), never in CI."""
