#!/usr/bin/env bash
# Where the conflict check's slowest answers come from, placed in time (bench/README.md, seventeenth round).
# WINDOWS back-to-back wrk windows of conflict checks at CONC connections, and beside them: a probe on one
# connection of its own (one check every PROBE_MS, each answer stamped), pg_stat_activity every 100 ms, vmstat
# every second and the JVM's safepoint log. The report lists every probe answer of at least SPIKE_MS with what
# was happening then: database sessions that began within a second (a pool's new connection, whose first
# statements are slow), the longest statement running, safepoints, the run queue and steal time.
#
#   bench/conflict.sh; bench/stall.sh   # conflict.sh loads the data and writes the name probes stall.sh sends
#
# Environment (defaults in brackets), besides bench/lib.sh's (CONC [16] THREADS [2] API_PORT [8089] JAR JAVA_OPTS
# RATE_LIMITS DB_POOL PGHOST PGPORT PGUSER BENCH_DB [postgres] SCHEMA [crm_bench]):
#   WINDOWS [10]      wrk windows, back to back
#   WINDOW [30s]      each window's length
#   JIT_WARMUP [60s]  conflict checks before the first window
#   PROBE_MS [20]     the probe's interval
#   SPIKE_MS [100]    probe answers at least this slow are listed
#   REP [rep001]      who checks
# Output: bench/out/stall-<stamp>.md, the samples in bench/out/stall-<stamp>/.
set -euo pipefail

bench_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
root=$(cd -- "$bench_dir/.." && pwd)
out="$bench_dir/out"
mkdir -p "$out"

WINDOWS=${WINDOWS:-10}
WINDOW=${WINDOW:-30s}
JIT_WARMUP=${JIT_WARMUP:-60s}
PROBE_MS=${PROBE_MS:-20}
SPIKE_MS=${SPIKE_MS:-100}
REP=${REP:-rep001}
# shellcheck source=bench/lib.sh
. "$bench_dir/lib.sh"

[[ $WINDOWS =~ ^[1-9][0-9]*$ ]] || die "WINDOWS must be a positive number: $WINDOWS"
[[ $(seconds "$WINDOW") =~ ^[1-9][0-9]*$ ]] || die "WINDOW must look like 30s: $WINDOW"
[[ $(seconds "$JIT_WARMUP") =~ ^[0-9]+$ ]] || die "JIT_WARMUP must look like 60s: $JIT_WARMUP"
[[ $PROBE_MS =~ ^[1-9][0-9]*$ && $SPIKE_MS =~ ^[1-9][0-9]*$ ]] || die "PROBE_MS and SPIKE_MS must be milliseconds"
for t in psql java openssl curl wrk python3 vmstat; do
    command -v "$t" >/dev/null || die "missing: $t"
done
bodies="$out/conflict-bodies.jsonl"
[[ -s $bodies ]] || die "no $bodies: run bench/conflict.sh first (it writes the name probes)"
ensure_jar

dir="$out/stall-$stamp"
mkdir -p "$dir"
JAVA_OPTS="$JAVA_OPTS -Xlog:safepoint:file=$dir/safepoint.log:time"
ensure_keys
samplers=()
stop_samplers() { ((${#samplers[@]})) || return 0; kill "${samplers[@]}" 2>/dev/null; wait "${samplers[@]}" 2>/dev/null || true; }
trap 'stop_samplers; cleanup' EXIT
trap 'exit 130' INT TERM
start_api CRM_CLAIM_MAX_CUSTOMERS_PER_REP=10000000
token=$(mint_token "$REP")
check() { # name duration [wrk options]
    local name=$1 duration=$2
    shift 2
    wrk -t "$THREADS" -c "$CONC" -d "$duration" --timeout 10s "$@" -s "$bench_dir/wrk-conflict.lua" \
        -H "Authorization: Bearer $token" "$api/api/v1/conflict-checks" -- "$bodies" >"$dir/$name.txt" 2>&1 \
        || { cat "$dir/$name.txt" >&2; die "wrk failed"; }
}
if (( $(seconds "$JIT_WARMUP") > 0 )); then
    log "JIT warm-up: conflict checks for $JIT_WARMUP"
    check warmup "$JIT_WARMUP"
fi

total=$(( WINDOWS * $(seconds "$WINDOW") ))
log "$WINDOWS windows of $WINDOW at $CONC connections, a probe every $PROBE_MS ms beside them"
psql -X -q -d "$BENCH_DB" >"$dir/activity.txt" 2>/dev/null <<SQL &
\pset format unaligned
\pset tuples_only on
SELECT extract(epoch FROM clock_timestamp()), pid, state, coalesce(wait_event_type, '-'), coalesce(wait_event, '-'),
    left(regexp_replace(query, '\s+', ' ', 'g'), 50), round(extract(epoch FROM clock_timestamp() - query_start) * 1000)
FROM pg_stat_activity WHERE datname = current_database() AND state <> 'idle' AND pid <> pg_backend_pid() \watch 0.1
SQL
samplers+=($!)
vmstat -t 1 >"$dir/vmstat.txt" &
samplers+=($!)
python3 "$bench_dir/stall.py" probe "$API_PORT" "$token" "$bodies" "$dir/probe.txt" "$total" "$PROBE_MS" &
probe_pid=$!
samplers+=("$probe_pid") # stopped with the samplers if a window fails
for i in $(seq 1 "$WINDOWS"); do
    date +%s.%N >"$dir/w$i.start"
    check "w$i" "$WINDOW" --latency
done
wait "$probe_pid"
stop_samplers
samplers=()

results="$out/stall-$stamp.md"
{
    echo "# Conflict checks in time ($(date -u +%Y-%m-%dT%H:%MZ))"
    echo
    echo "$WINDOWS windows of $WINDOW, wrk -c $CONC, after $JIT_WARMUP of warm-up; a probe every $PROBE_MS ms on its own" \
        "connection; $CUSTOMERS customers in $BENCH_DB.$SCHEMA; server: $(pg_server); samples in ${dir#"$root/"}/."
    echo
    python3 "$bench_dir/stall.py" report "$dir" "$SPIKE_MS"
} >"$results"
cat "$results"
log "written to ${results#"$root/"}"
