"""Measuring litclaims against gold data (`litclaims eval ...`).

Kept apart from the product packages: nothing `litclaims run` executes imports
it, and editing it does not change the extractor version.
"""
