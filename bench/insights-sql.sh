# The SQL behind the measured endpoints, as pgbench scripts (sourced by bench/insights.sh, not run).
# pgbench_scripts writes bench/out/pgbench-<name>.sql for every name in pgbench_names. Keep in step with
# the application's queries.
pgbench_names=()
pgbench_scripts() {
    :
}
