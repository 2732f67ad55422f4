#!/usr/bin/env bash
# Two builds of the API side by side on the same data, measured in interleaved windows (A B, B A, A B, ...):
# on a machine whose speed drifts by the minute (bench/README, ninth to twelfth rounds) both builds meet the
# same drift, so their CPU per request compares where separate runs minutes apart cannot.
#
#   JAR_A=/path/a/quarkus-run.jar JAR_B=/path/b/quarkus-run.jar bench/ab.sh   # on data bench/run.sh loaded
#
# Environment (defaults in brackets; lib.sh's PG*, BENCH_DB, SCHEMA, CONC, THREADS, RATE_LIMITS, DB_POOL apply):
#   JAR_A, JAR_B    the two builds (required); both run at once, A on API_PORT, B on API_PORT + 1
#   SCENARIOS [get-one visit-create]  which of the two to measure
#   ROUNDS [4]      windows per build and scenario     WINDOW [15s]  each window's length
#   AB_WARMUP [60s] each build's warm-up per scenario before the first window (the JIT, on 2 cores)
#   REP [rep001]    whose token reads and writes
#   BENCH_DB_B [BENCH_DB]  B's database: a copy of A's, for a build that changes the schema (each build
#                   migrates its own at start); both copies share the cluster and its shared_buffers
# Prints one line per window (requests per second, p99, CPU ms per request of the JVM process and of its
# database connections) and, per scenario, the medians of each build and B ÷ A; compare the windows in
# pairs too (each round's two are seconds apart). The idle build's background jobs run meanwhile, alike
# for both. Needs wrk.
set -euo pipefail

bench_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
root=$(cd -- "$bench_dir/.." && pwd)
out="$bench_dir/out"
mkdir -p "$out"

SCENARIOS=${SCENARIOS:-get-one visit-create}
ROUNDS=${ROUNDS:-4}
WINDOW=${WINDOW:-15s}
AB_WARMUP=${AB_WARMUP:-60s}
REP=${REP:-rep001}
# shellcheck source=bench/lib.sh
. "$bench_dir/lib.sh"

[[ -f ${JAR_A:-} && -f ${JAR_B:-} ]] || die "set JAR_A and JAR_B to two quarkus-run.jar files"
command -v wrk >/dev/null || die "missing: wrk (apt-get install -y wrk)"
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive integer: $ROUNDS"
[[ -n $(psql_v "SELECT 1 FROM customer LIMIT 1") ]] || die "schema $SCHEMA has no customers; load it with bench/run.sh first"

ensure_keys
rep_id=$(psql_v "SELECT id FROM app_user WHERE login = '$REP' AND active")
[[ -n $rep_id ]] || die "no active user $REP in $SCHEMA"
auth="Authorization: Bearer $(mint_token "$REP")"
write_get_one_paths "$rep_id"
write_visit_targets "$rep_id"
read -r create_customer _ <"$out/visit-create.targets"

# Each build's port, pid, log and database application name, switched in before lib.sh's functions run.
declare -A port pid db
port[A]=$API_PORT port[B]=$((API_PORT + 1))
db[A]=$BENCH_DB db[B]=${BENCH_DB_B:-$BENCH_DB}
use() {
    API_PORT=${port[$1]} api="http://127.0.0.1:${port[$1]}" pg_app_name="crm-bench-${port[$1]}" BENCH_DB=${db[$1]}
    api_pid=${pid[$1]:-} api_log="$out/api-$1.log"
}
stop_both() { for b in A B; do use "$b"; cleanup; done; }
trap stop_both EXIT
trap 'exit 130' INT TERM
for b in A B; do
    use "$b"
    [[ $b == A ]] && jar=$JAR_A || jar=$JAR_B
    start_api
    pid[$b]=$api_pid
done

scenario_request() { # scenario -> path, wrk script and its argument
    case $1 in
        get-one) s_path=$(head -1 "$out/get-one.paths") s_script="$bench_dir/wrk.lua" s_arg="$out/get-one.paths" ;;
        visit-create) s_path="/api/v1/customers/$create_customer/visits" s_script="$bench_dir/wrk-visit.lua"
            s_arg="$out/visit-create.targets" ;;
        *) die "unknown scenario $1 (get-one, visit-create)" ;;
    esac
}
drive() { # duration -> wrk's output
    wrk -t "$THREADS" -c "$CONC" -d "$1" --timeout 10s -H "$auth" -s "$s_script" "$api$s_path" -- "$s_arg"
}

results="$out/ab-$stamp.txt"
for scenario in $SCENARIOS; do
    scenario_request "$scenario"
    for b in A B; do
        use "$b"
        log "$scenario: warm-up of $b for $AB_WARMUP"
        drive "$AB_WARMUP" >/dev/null 2>&1 || true
    done
    for r in $(seq 1 "$ROUNDS"); do
        ((r % 2)) && order="A B" || order="B A"
        for b in $order; do
            use "$b"
            cpu_begin
            raw=$(drive "$WINDOW" 2>&1) || { printf '%s\n' "$raw" >&2; die "wrk failed"; }
            cpu_stop
            r_line=$(grep '^RESULT ' <<<"$raw") || { printf '%s\n' "$raw" >&2; die "no RESULT line from wrk"; }
            cpu_per_request "$(result_field requests)"
            # The whole JVM process: a per-thread split would lose the executor threads that end within a window.
            printf '%s %s %s rps=%s p99_ms=%s jvm=%s db=%s\n' "$scenario" "$b" "$r" "$(result_field rps)" \
                "$(awk -v u="$(result_field p99_us)" 'BEGIN {printf "%.1f", u / 1000}')" \
                "${r_cpu_jvm:-}" "${r_cpu_db:-}" | tee -a "$results"
        done
    done
done

# Medians per scenario and build, and B ÷ A.
log "medians of $ROUNDS windows each (CPU in ms per request; written to ${results#"$root"/})"
awk '{split($0, f, " "); key = f[1] " " f[2]
      for (i = 4; i <= NF; i++) {split($i, kv, "="); v[key, kv[1], ++n[key, kv[1]]] = kv[2]}
      keys[key] = 1; sc[f[1]] = 1}
     function median(key, name,   k, m, a, i, j, t) {
         m = n[key, name]; for (i = 1; i <= m; i++) a[i] = v[key, name, i]
         for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (a[j] < a[i]) {t = a[i]; a[i] = a[j]; a[j] = t}
         return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2 }
     END {for (s in sc) {
         line = s
         split("rps p99_ms jvm db", ns, " ")
         for (i = 1; i <= 4; i++) {a = median(s " A", ns[i]); b = median(s " B", ns[i])
             line = line sprintf("  %s A %.2f B %.2f (B/A %.2f)", ns[i], a, b, a ? b / a : 0)}
         print line}}' "$results"
