"""Project tooling, not installed: training, data building, output comparison.

Run from the repository root, e.g. `python -m tools.training.train`.
"""
