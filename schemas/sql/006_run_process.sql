-- Which process ran each run, so that a later run can tell a run that is still
-- going from one whose process died (kill -9, power loss) and mark it crashed.
ALTER TABLE runs ADD COLUMN pid INTEGER;
ALTER TABLE runs ADD COLUMN host VARCHAR;
-- The process's start time (clock ticks since boot, Linux), so a reused pid is not
-- mistaken for the run's process.
ALTER TABLE runs ADD COLUMN pid_started BIGINT;
