"""Prefect flows and the litclaims command line: orchestration only."""
