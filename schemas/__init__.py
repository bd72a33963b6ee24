"""Record types, configuration, the DuckDB schema and the store/export layer."""
