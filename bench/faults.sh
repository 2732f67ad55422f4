#!/usr/bin/env bash
# Fault drills of the packaged API against a PostgreSQL cluster of their own (issue 10, §3-4); see
# bench/README.md, "Faults".
#
#   bench/faults.sh                                   # every scenario (~6 min plus the load)
#   SCENARIOS=db-restart,sigterm bench/faults.sh      # some of them
#   SKIP_LOAD=1 bench/faults.sh                       # keep the data of an earlier run
#
# Scenarios: db-restart sigterm slow-exports abort-storm recall-three
# Environment (defaults in brackets):
#   SCENARIOS [all five]   PG_VERSION [15]  FAULT_CLUSTER [faults]  FAULT_PORT [5439]
#   CUSTOMERS [30000]  VISITS [30000]  SCHEMA [crm_faults]  SKIP_LOAD [0]  KEEP_CLUSTER [0] (1: leave it running)
#   PORT_BASE [8201]  instances listen on PORT_BASE, +1, +2
#   WRITERS [6]  GIVE_UP [30] seconds a writer retries one write  WRITE_SECONDS [30] (sigterm: SIGTERM_WRITE_SECONDS [55])
#   READINESS_DELAY [5] crm.shutdown.readiness-delay of the instances, in seconds  DOWN_SECONDS [5]  FAULT_AT [8] (seconds into the writes)
#   SLOW_READERS [60]  SLOW_RATE [3000] bytes/s per reader  SLOW_SECONDS [30]  EXPORT_REPS [6]
#   STORM [200]  STORM_CONCURRENCY [6]  RECALL_DUE [2000]  RECALL_EVERY [2s]
#   JAR, BUILD, JAVA_OPTS, START_TIMEOUT as for bench/run.sh
# The main cluster (5432) is never touched: every psql here goes to FAULT_PORT.
set -euo pipefail

bench_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
root=$(cd -- "$bench_dir/.." && pwd)
out="$bench_dir/out"
mkdir -p "$out"

PG_VERSION=${PG_VERSION:-15}
FAULT_CLUSTER=${FAULT_CLUSTER:-faults}
FAULT_PORT=${FAULT_PORT:-5439}
# Deliberately not PGPORT from the environment: a drill must never stop the main cluster.
export PGHOST=127.0.0.1 PGPORT=$FAULT_PORT PGUSER=postgres
BENCH_DB=postgres
SCHEMA=${SCHEMA:-crm_faults}
# Large enough that one rep's export (~6,000 rows, ~9 MB) outgrows the socket buffers: only then does a
# slow reader hold the export (and its place) on the server.
CUSTOMERS=${CUSTOMERS:-30000}
VISITS=${VISITS:-30000}
KEEP_CLUSTER=${KEEP_CLUSTER:-0}
SCENARIOS=${SCENARIOS:-db-restart,sigterm,slow-exports,abort-storm,recall-three}
PORT_BASE=${PORT_BASE:-8201}
WRITERS=${WRITERS:-6}
GIVE_UP=${GIVE_UP:-30}
WRITE_SECONDS=${WRITE_SECONDS:-30}
# The victim drains up to readiness delay + drain (5 + 30 s by default): the writers outlast it.
SIGTERM_WRITE_SECONDS=${SIGTERM_WRITE_SECONDS:-55}
READINESS_DELAY=${READINESS_DELAY:-5}
DOWN_SECONDS=${DOWN_SECONDS:-5}
FAULT_AT=${FAULT_AT:-8}
SLOW_READERS=${SLOW_READERS:-60}
SLOW_RATE=${SLOW_RATE:-3000}
SLOW_SECONDS=${SLOW_SECONDS:-30}
EXPORT_REPS=${EXPORT_REPS:-6}
STORM=${STORM:-200}
STORM_CONCURRENCY=${STORM_CONCURRENCY:-6}
RECALL_DUE=${RECALL_DUE:-2000}
RECALL_EVERY=${RECALL_EVERY:-2s}
# The drills measure instances under faults and exports, not the rate limiter: off unless asked (bench/lib.sh
# counts every request by default).
RATE_LIMITS=${RATE_LIMITS:-off}
# shellcheck source=bench/lib.sh
. "$bench_dir/lib.sh"

[[ $FAULT_PORT != 5432 ]] || die "FAULT_PORT must not be the main cluster's port"
for t in pg_createcluster pg_ctlcluster pg_lsclusters pg_isready psql java openssl curl python3; do
    command -v "$t" >/dev/null || die "missing: $t (Debian/Ubuntu: postgresql-common, postgresql-client, a JDK 17+, curl, openssl, python3)"
done
known="db-restart sigterm slow-exports abort-storm recall-three"
IFS=, read -r -a chosen <<<"$SCENARIOS"
for s in "${chosen[@]}"; do [[ " $known " == *" $s "* ]] || die "unknown scenario '$s' (known: $known)"; done
wanted() { [[ ",$SCENARIOS," == *",$1,"* ]]; }

report="$out/faults-$stamp.md"
py() { python3 "$bench_dir/faults.py" "$@"; }
jget() { # file key[.key] -> value (JSON null -> empty); jq when present (python starts slowly on a busy machine)
    if command -v jq >/dev/null; then
        jq -r --arg k "$2" 'getpath($k | split(".")) | if . == null then "" elif type == "object" or type == "array" then tojson else tostring end' "$1"
        return
    fi
    python3 -c 'import json,sys
v=json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."): v=v.get(k) if isinstance(v,dict) else None
print("" if v is None else (json.dumps(v,ensure_ascii=False) if isinstance(v,(dict,list)) else v))' "$1" "$2"
}
now() { date +%s.%N; }
pg_ready() { pg_isready -q -h 127.0.0.1 -p "$FAULT_PORT" -t 1; }
sleep_until() { # epoch seconds
    local d; d=$(awk -v t="$1" -v n="$(now)" 'BEGIN {d = t - n; printf "%.3f", (d > 0 ? d : 0)}')
    sleep "$d"
}
await_file() { # file: waits until a python client says it runs
    local i
    for i in $(seq 1 600); do [[ -s $1 ]] && return 0; sleep 0.1; done
    die "no client started (waited for $1)"
}

# ---------------------------------------------------------------- processes and cleanup
declare -A inst_pid=()
bg_pids=()
cluster_state() { pg_lsclusters -h | awk -v v="$PG_VERSION" -v c="$FAULT_CLUSTER" '$1 == v && $2 == c {print $4}'; }
stop_instance() { # port [seconds to wait before SIGKILL]
    local pid=${inst_pid[$1]:-} wait=${2:-40}
    [[ -n $pid ]] || return 0
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 $((wait * 2))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        kill -9 "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
    unset "inst_pid[$1]"
}
on_exit() {
    local p
    for p in "${bg_pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${!inst_pid[@]}"; do stop_instance "$p" 5; done
    if [[ $(cluster_state) == down && $KEEP_CLUSTER == 1 ]]; then
        pg_ctlcluster "$PG_VERSION" "$FAULT_CLUSTER" start || true
    elif [[ $KEEP_CLUSTER != 1 && $(cluster_state) == online ]]; then
        log "stopping cluster $PG_VERSION/$FAULT_CLUSTER (KEEP_CLUSTER=1 leaves it running)"
        pg_ctlcluster "$PG_VERSION" "$FAULT_CLUSTER" stop || true
    fi
}
trap on_exit EXIT
trap 'exit 130' INT TERM

# start_instance port [NAME=VALUE ...]: one API process on the port, log bench/out/faults-<scenario>-<port>.log.
# The drills export as reps, so reps get the export permission (admin and integration only by
# default); and /me is polled by four clients of one login at ~80/s, above the default read budget:
# the drill measures the instance under exports, not the rate limiter (RateLimitTest does that).
scenario=""
ilog() { echo "$out/faults-$scenario-$1.log"; }
start_instance() {
    local port=$1; shift
    API_PORT=$port api="http://127.0.0.1:$port" api_log="$(ilog "$port")" \
        start_api CRM_CLAIM_RECALL_EVERY=off CRM_SHUTDOWN_READINESS_DELAY="${READINESS_DELAY}S" \
            CRM_EXPORT_ROLES=sales,admin,integration CRM_RATE_LIMIT_READS_REQUESTS=100000 "$@"
    inst_pid[$port]=$api_pid
    # The first requests of a cold JVM take seconds on a busy machine: a few before any figure is taken.
    local i
    for i in $(seq 1 20); do
        curl -s -o /dev/null -m 20 -H "Authorization: Bearer $me_token" "http://127.0.0.1:$port/api/v1/me" || true
    done
}

# ---------------------------------------------------------------- the cluster
ensure_cluster() {
    local conf="/etc/postgresql/$PG_VERSION/$FAULT_CLUSTER" hba port
    if [[ -z $(cluster_state) ]]; then
        log "creating cluster $PG_VERSION/$FAULT_CLUSTER on port $FAULT_PORT"
        pg_createcluster "$PG_VERSION" "$FAULT_CLUSTER" -p "$FAULT_PORT" >"$out/faults-cluster.log" \
            || die "pg_createcluster failed (bench/out/faults-cluster.log)"
    fi
    port=$(pg_lsclusters -h | awk -v v="$PG_VERSION" -v c="$FAULT_CLUSTER" '$1 == v && $2 == c {print $3}')
    [[ $port == "$FAULT_PORT" ]] || die "cluster $PG_VERSION/$FAULT_CLUSTER listens on $port, not FAULT_PORT=$FAULT_PORT"
    hba="$conf/pg_hba.conf"
    if ! grep -q '^# bench/faults.sh' "$hba"; then
        # First match wins: trust on loopback TCP goes before the packaged rules.
        { printf '# bench/faults.sh: trust on loopback TCP\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n'
          cat "$hba"; } >"$hba.new" && cat "$hba.new" >"$hba" && rm -f "$hba.new"
        [[ $(cluster_state) == online ]] && pg_ctlcluster "$PG_VERSION" "$FAULT_CLUSTER" reload
    fi
    if [[ $(cluster_state) != online ]]; then
        pg_ctlcluster "$PG_VERSION" "$FAULT_CLUSTER" start || die "cannot start cluster $PG_VERSION/$FAULT_CLUSTER"
    fi
    for _ in $(seq 1 30); do pg_ready && break; sleep 0.5; done
    psql -X -q -d postgres -c 'SELECT 1' >/dev/null || die "cannot connect to 127.0.0.1:$FAULT_PORT as postgres"
    log "cluster $PG_VERSION/$FAULT_CLUSTER on port $FAULT_PORT: $(psql -X -A -t -d postgres -c 'SHOW server_version')," \
        "max_connections $(psql -X -A -t -d postgres -c 'SHOW max_connections')"
}

# ---------------------------------------------------------------- report
rows=()
row() { # scenario | figures | aims | verdict
    rows+=("| $1 | $2 | $3 | $4 |")
    printf 'RESULT %s: %s => %s\n' "$1" "$2" "$4"
}
verdict() { # "cond1 cond2 ..." each "value<=aim" style evaluated by awk -> met / NOT MET
    awk "BEGIN {exit !($1)}" && echo met || echo "**NOT MET**"
}
write_report() {
    {
        echo "# Fault drills, $stamp"
        echo
        echo "API commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'), cluster $PG_VERSION/$FAULT_CLUSTER" \
             "(port $FAULT_PORT), $dataset; load average before: $load_before."
        echo
        echo "| scenario | measured | aims | verdict |"
        echo "|---|---|---|---|"
        printf '%s\n' "${rows[@]}"
        if ((${#notes[@]} + ${#noise_notes[@]})); then
            echo
            printf -- '- %s\n' "${notes[@]}" "${noise_notes[@]}"
        fi
    } >"$report"
    log "report: ${report#"$root/"}"
}
notes=()
note() { notes+=("$*"); log "$*"; }

# ---------------------------------------------------------------- data
ensure_jar
ensure_keys
ensure_cluster
if [[ $SKIP_LOAD == 1 ]]; then
    [[ $(psql_v "SELECT count(*) FROM customer" 2>/dev/null || echo 0) -gt 0 ]] || die "schema $SCHEMA is empty; run without SKIP_LOAD"
    log "SKIP_LOAD=1: reusing schema $SCHEMA"
else
    load_data "$VISITS"
fi
dataset=$(psql_v "SELECT format('%s customers, %s visits, %s users', (SELECT count(*) FROM customer),
                  (SELECT count(*) FROM visit), (SELECT count(*) FROM app_user))")
load_before=$(cut -d' ' -f1 /proc/loadavg)
log "data set: $dataset"

reps_file() { # file first-rep count: "login token customer contact" per line (a customer the rep owns, with a contact)
    local file=$1 first=$2 count=$3 i login ids
    : >"$file"
    for ((i = first; i < first + count; i++)); do
        printf -v login 'rep%03d' "$i"
        ids=$(psql_v "SELECT c.id || ' ' || k.id FROM customer c JOIN app_user u ON u.id = c.owner_id
                      JOIN contact k ON k.customer_id = c.id AND NOT k.archived
                      WHERE u.login = '$login' AND NOT c.archived ORDER BY c.id, k.id LIMIT 1")
        [[ -n $ids ]] || die "$login owns no customer with a contact"
        echo "$login $(mint_token "$login") $ids" >>"$file"
    done
}
reps_file "$out/faults-writers.reps" 1 "$WRITERS"
reps_file "$out/faults-export.reps" 101 "$((EXPORT_REPS > 8 ? EXPORT_REPS : 8))"
me_token=$(mint_token rep200)
p1=$PORT_BASE p2=$((PORT_BASE + 1)) p3=$((PORT_BASE + 2))

# check_writes tag file -> w_lost w_dups w_orphans w_acked w_writes: every acknowledged write is stored, and
# no key or client id was stored twice (a customer's notes carry its Idempotency-Key, a visit's note ends with its id).
check_writes() {
    local r
    r=$(psql -X -q -A -t -F " " -v ON_ERROR_STOP=1 -d "$BENCH_DB" <<SQL
SET search_path = $SCHEMA, public;
CREATE TEMP TABLE w (kind text, key text, acked boolean, id uuid);
\copy w FROM '$2'
WITH vk AS (SELECT right(notes, 36) AS key, count(*) AS n FROM visit WHERE notes LIKE '%编号%' GROUP BY 1),
     ck AS (SELECT substr(notes, 11) AS key, count(*) AS n FROM customer WHERE notes LIKE 'fault-key:%' GROUP BY 1),
     stored AS (
    SELECT w.acked, coalesce(vk.n, ck.n, 0) AS n,
           CASE w.kind WHEN 'customer' THEN EXISTS (SELECT 1 FROM customer c WHERE c.id = w.id)
                       ELSE EXISTS (SELECT 1 FROM visit v WHERE v.id = w.id) END AS found
    FROM w LEFT JOIN vk ON w.kind = 'visit' AND vk.key = w.key LEFT JOIN ck ON w.kind = 'customer' AND ck.key = w.key)
SELECT count(*) FILTER (WHERE acked AND NOT found), count(*) FILTER (WHERE n > 1),
       count(*) FILTER (WHERE NOT acked AND n > 0), count(*) FILTER (WHERE acked), count(*)
FROM stored;
SQL
)
    read -r w_lost w_dups w_orphans w_acked w_writes <<<"$r"
}

# ---------------------------------------------------------------- 1. database restart
scenario_db_restart() {
    log "== db-restart: $WRITERS writers for ${WRITE_SECONDS}s; PostgreSQL stopped -m immediate at ${FAULT_AT}s for ${DOWN_SECONDS}s"
    start_instance "$p1"
    py writers --ports "$p1" --reps "$out/faults-writers.reps" --clients "$WRITERS" --duration "$WRITE_SECONDS" --give-up "$GIVE_UP" \
        --tag R --writes "$out/faults-db-restart.writes" --log "$out/faults-db-restart.json" \
        --ready-file "$out/faults-db-restart.ready" >"$out/faults-db-restart.out" &
    local wpid=$! down ready started
    bg_pids+=("$wpid")
    await_file "$out/faults-db-restart.ready"
    sleep "$FAULT_AT"
    pg_ctlcluster "$PG_VERSION" "$FAULT_CLUSTER" stop -m immediate
    down=$(now)
    log "PostgreSQL stopped (immediate); starting it again in ${DOWN_SECONDS}s"
    sleep "$DOWN_SECONDS"
    started=$(now)
    pg_ctlcluster "$PG_VERSION" "$FAULT_CLUSTER" start &
    local spid=$!
    until pg_ready; do sleep 0.05; done
    ready=$(now)
    wait "$spid" || die "PostgreSQL did not start again"
    log "PostgreSQL accepts connections again ($(awk -v a="$started" -v b="$ready" 'BEGIN {printf "%.2f", b - a}')s after start)"
    wait "$wpid"
    py analyze --log "$out/faults-db-restart.json" --down "$down" --ready "$ready" >"$out/faults-db-restart.analysis"
    rm -f "$out/faults-db-restart.ready"
    check_writes R "$out/faults-db-restart.writes"
    local a="$out/faults-db-restart.analysis" first five cut
    first=$(jget "$a" first_write_after_ready_s); five=$(jget "$a" 5xx_not_503)
    log "writers: $(cat "$out/faults-db-restart.out")"
    log "analysis: $(cat "$a")"
    local errs; errs=$(grep -c ' ERROR ' "$(ilog "$p1")" || true)
    row "db-restart" "$w_writes writes, $w_acked acknowledged; lost **$w_lost**, duplicates **$w_dups**, 5xx other than 503 **$five**; first write **${first:-none} s** after PostgreSQL accepted connections; while down: $(jget "$a" during_fault | tr -d '"{}') (503 in p50 $(jget "$a" during_503_p50_ms) ms, max $(jget "$a" during_503_max_ms) ms); 409 in-progress $(jget "$a" in_progress_409); failed writes: $(jget "$out/faults-db-restart.out" not_acked | tr -d '"{}'); ERROR lines in the log $errs" \
        "lost 0, duplicates 0, 5xx≠503 0, first write < 2 s; every write acknowledged within GIVE_UP ($GIVE_UP s) of retries" \
        "$(verdict "$w_lost == 0 && $w_dups == 0 && $five == 0 && \"${first:-99}\" + 0 < 2 && $w_acked == $w_writes")"
    [[ $w_orphans == 0 ]] || note "db-restart: $w_orphans writes were stored but never acknowledged (the client gave up; retries with the same key did not get the stored answer)"
    stop_instance "$p1"
}

# ---------------------------------------------------------------- 2. SIGTERM of one of two instances
scenario_sigterm() {
    log "== sigterm: two instances, $WRITERS writers alternating over both for ${SIGTERM_WRITE_SECONDS}s; SIGTERM to :$p2 ~${FAULT_AT}s in"
    start_instance "$p1"
    start_instance "$p2"
    local victim=${inst_pid[$p2]} export_rep export_token
    read -r export_rep export_token _ <"$out/faults-export.reps"
    py writers --ports "$p1,$p2" --rotate --reps "$out/faults-writers.reps" --clients "$WRITERS" --duration "$SIGTERM_WRITE_SECONDS" --give-up "$GIVE_UP" \
        --tag T --writes "$out/faults-sigterm.writes" --log "$out/faults-sigterm.json" \
        --ready-file "$out/faults-sigterm.ready" >"$out/faults-sigterm.out" &
    local wpid=$! at
    bg_pids+=("$wpid")
    # An export running on the victim when SIGTERM comes (started 2 s before it, ~9 MB at 400 KB/s: it
    # needs longer than the readiness delay, less than the drain): complete, or broken; never short but clean.
    # Absolute times, because python may take seconds to start here.
    at=$(awk -v t="$(now)" -v f="$FAULT_AT" 'BEGIN {printf "%.3f", t + f + 2}')
    py export --port "$p2" --token "$export_token" --rate 400000 --at "$at" >"$out/faults-sigterm-export.out" &
    local epid=$!
    bg_pids+=("$epid")
    await_file "$out/faults-sigterm.ready"
    sleep_until "$(awk -v t="$at" 'BEGIN {printf "%.3f", t + 2}')"
    local term t_exit
    term=$(now)
    kill -TERM "$victim"
    log "SIGTERM sent to :$p2 (pid $victim)"
    while kill -0 "$victim" 2>/dev/null; do sleep 0.1; done
    t_exit=$(now)
    unset "inst_pid[$p2]"
    log ":$p2 exited $(awk -v a="$term" -v b="$t_exit" 'BEGIN {printf "%.1f", b - a}')s after SIGTERM"
    wait "$wpid"; wait "$epid" || true
    rm -f "$out/faults-sigterm.ready"
    py analyze --log "$out/faults-sigterm.json" --down "$term" --victim "$p2" \
        --drain-from "$(awk -v t="$term" -v d="$READINESS_DELAY" 'BEGIN {printf "%.3f", t + d}')" >"$out/faults-sigterm.analysis"
    check_writes T "$out/faults-sigterm.writes"
    local a="$out/faults-sigterm.analysis" five cut full export_ok
    five=$(jget "$a" 5xx_not_503); cut=$(jget "$a" cut)
    py export --port "$p1" --token "$export_token" >"$out/faults-sigterm-export-full.out"
    full=$(jget "$out/faults-sigterm-export-full.out" lines)
    local e_end e_lines
    e_end=$(jget "$out/faults-sigterm-export.out" end); e_lines=$(jget "$out/faults-sigterm-export.out" lines)
    # Clean with every row, or broken; a clean end with rows missing is the one wrong outcome.
    export_ok=1
    [[ $e_end == clean && $e_lines != "$full" ]] && export_ok=0
    log "writers: $(cat "$out/faults-sigterm.out")"
    log "analysis: $(cat "$a")"
    row "sigterm" "$w_writes writes, $w_acked acknowledged; lost **$w_lost**, duplicates **$w_dups**, 5xx other than 503 **$five**, requests cut **$cut**; after SIGTERM: $(jget "$a" during_fault | tr -d '"{}'); new requests to the victim after its readiness delay: $(jget "$a" victim_after_delay | tr -d '"{}'); victim exited $(awk -v a="$term" -v b="$t_exit" 'BEGIN {printf "%.1f", b - a}') s after SIGTERM; export on the victim: $e_end, $e_lines of $full rows in $(jget "$out/faults-sigterm-export.out" seconds) s" \
        "lost 0, duplicates 0, 5xx≠503 0, cut 0; export complete or broken; every write acknowledged" \
        "$(verdict "$w_lost == 0 && $w_dups == 0 && $five == 0 && $cut == 0 && $export_ok == 1 && $w_acked == $w_writes")"
    stop_instance "$p1"
}

# ---------------------------------------------------------------- 3. slow exports beside interactive reads
scenario_slow_exports() {
    log "== slow-exports: $SLOW_READERS export readers at $SLOW_RATE B/s ($EXPORT_REPS reps) for ${SLOW_SECONDS}s, GET /me beside them"
    start_instance "$p1"
    head -n "$EXPORT_REPS" "$out/faults-export.reps" >"$out/faults-slow.reps"
    check_quiet "slow-exports"
    # /me alone first: the same machine's baseline.
    py me-latency --port "$p1" --token "$me_token" --duration 10 >"$out/faults-me-baseline.out"
    rm -f "$out/faults-slow.ready" "$out/faults-slow.stop"
    # The readers run until told to stop: /me is measured while all of them are at it.
    py slow-exports --port "$p1" --reps "$out/faults-slow.reps" --readers "$SLOW_READERS" --rate "$SLOW_RATE" \
        --duration 600 --ready-file "$out/faults-slow.ready" --stop-file "$out/faults-slow.stop" >"$out/faults-slow.out" &
    local spid=$!
    bg_pids+=("$spid")
    await_file "$out/faults-slow.ready"
    sleep 3
    py me-latency --port "$p1" --token "$me_token" --duration "$SLOW_SECONDS" >"$out/faults-me-during.out"
    local held
    held=$(psql_v "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'crm-api-export'")
    touch "$out/faults-slow.stop"
    wait "$spid"
    rm -f "$out/faults-slow.ready" "$out/faults-slow.stop"
    local m="$out/faults-me-during.out" b="$out/faults-me-baseline.out" x="$out/faults-slow.out" p99
    p99=$(jget "$m" p99_ms)
    log "exports: $(cat "$x")"
    log "/me alone: $(cat "$b"); during: $(cat "$m")"
    row "slow-exports" "GET /me p99 **$p99 ms** (p50 $(jget "$m" p50_ms), max $(jget "$m" max_ms), $(jget "$m" requests) requests, $(jget "$m" not_200) not 200; alone: p50 $(jget "$b" p50_ms), p99 $(jget "$b" p99_ms) ms); export answers: $(jget "$x" statuses | tr -d '"{}') (at most $(jget "$x" max_streaming) streaming at once as the readers saw it, $held export sessions in PostgreSQL at the end, 429/503 without Retry-After: $(jget "$x" rejections_without_retry_after))" \
        "/me p99 < 100 ms; 503/429 with Retry-After beyond the bounds" \
        "$(verdict "$p99 < 100 && $(jget "$m" not_200) == 0 && $(jget "$x" rejections_without_retry_after) == 0")"
    stop_instance "$p1" 10
}

# ---------------------------------------------------------------- 4. abort storm
idle_in_tx() {
    psql_v "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'crm-api%' AND state LIKE 'idle in transaction%'"
}
scenario_abort_storm() {
    log "== abort-storm: $STORM exports aborted at random moments, $STORM_CONCURRENCY at a time"
    start_instance "$p1"
    py abort-storm --port "$p1" --reps "$out/faults-export.reps" --count "$STORM" --concurrency "$STORM_CONCURRENCY" \
        >"$out/faults-storm.out"
    local right_after after me_code me_time i ok=0
    right_after=$(idle_in_tx)
    sleep 3
    after=$(idle_in_tx)
    read -r me_code me_time < <(curl -s -o /dev/null -m 10 -w '%{http_code} %{time_total}\n' \
        -H "Authorization: Bearer $me_token" "http://127.0.0.1:$p1/api/v1/me")
    # Every export place must be free again: as many full exports at once as the instance allows.
    local tokens=() pids=()
    mapfile -t tokens < <(awk '{print $2}' "$out/faults-export.reps" | head -4)
    for i in 0 1 2 3; do
        py export --port "$p1" --token "${tokens[i]}" >"$out/faults-storm-after-$i.out" &
        pids+=($!)
    done
    for i in 0 1 2 3; do
        wait "${pids[i]}" || true
        [[ $(jget "$out/faults-storm-after-$i.out" status) == 200 && $(jget "$out/faults-storm-after-$i.out" end) == clean ]] && ok=$((ok + 1))
    done
    local errs; errs=$(grep -c ' ERROR ' "$(ilog "$p1")" || true)
    log "storm: $(cat "$out/faults-storm.out")"
    ((errs == 0)) || note "abort-storm: ERROR lines in $(basename "$(ilog "$p1")"): $(grep ' ERROR ' "$(ilog "$p1")" | cut -d' ' -f4- | cut -c1-160 | sort | uniq -c | sort -rn | head -3 | tr '\n' ';')"
    row "abort-storm" "$STORM exports aborted ($(jget "$out/faults-storm.out" modes | tr -d '"{}'); told 503/429 they came back within 10 s); answers seen: $(jget "$out/faults-storm.out" statuses | tr -d '"{}'); \`idle in transaction\` right after **$right_after**, after 3 s **$after**; GET /me then $me_code in $(awk -v t="$me_time" 'BEGIN {printf "%.0f", t * 1000}') ms; $ok of 4 full exports at once then complete; ERROR lines in the log $errs" \
        "0 idle in transaction; /me at once; export places all free; no ERROR" \
        "$(verdict "$after == 0 && $me_code == 200 && $me_time < 0.5 && $ok == 4 && $errs == 0")"
    stop_instance "$p1" 10
}

# ---------------------------------------------------------------- 5. recall on three instances
scenario_recall_three() {
    log "== recall-three: 3 instances with the recall job every $RECALL_EVERY; $RECALL_DUE customers made overdue"
    local p
    for p in "$p1" "$p2" "$p3"; do
        start_instance "$p" CRM_CLAIM_RECALL_EVERY="$RECALL_EVERY" CRM_DB_MAX_CONNECTIONS=10
    done
    local mark
    mark=$(psql_v "SELECT now()")
    psql_v "SET client_min_messages = warning; DROP TABLE IF EXISTS fault_recall;
            CREATE TABLE fault_recall AS SELECT id FROM customer WHERE owner_id IS NOT NULL AND status <> 'SIGNED'
                AND NOT archived ORDER BY md5(id::text || '$stamp') LIMIT $RECALL_DUE;
            UPDATE customer SET protected_until = now() - interval '1 minute' WHERE id IN (SELECT id FROM fault_recall)" >/dev/null
    local due i
    for i in $(seq 1 120); do
        due=$(psql_v "SELECT count(*) FROM customer WHERE owner_id IS NOT NULL AND status <> 'SIGNED' AND NOT archived AND protected_until < now()")
        ((due == 0)) && break
        sleep 0.5
    done
    sleep 3
    local r
    r=$(psql_v "WITH h AS (SELECT f.id, (SELECT count(*) FROM customer_history h WHERE h.customer_id = f.id AND h.action = 'RECALL' AND h.at >= '$mark') AS n,
                                  (SELECT count(*) FROM customer_owner_change o WHERE o.customer_id = f.id AND o.at >= '$mark') AS o,
                                  (SELECT owner_id IS NULL FROM customer c WHERE c.id = f.id) AS pooled FROM fault_recall f)
                SELECT count(*) FILTER (WHERE pooled), count(*) FILTER (WHERE n = 1), count(*) FILTER (WHERE n = 0),
                       count(*) FILTER (WHERE n > 1), count(*) FILTER (WHERE o = 1), count(*) FILTER (WHERE o <> 1) FROM h" | tr '|' ' ')
    local pooled once never twice log_once log_not
    read -r pooled once never twice log_once log_not <<<"$r"
    local per=() errs=0 runs=0 e n r
    for p in "$p1" "$p2" "$p3"; do
        # An instance that never had the period's turn (V56) logs no recall at all.
        n=$({ grep -o 'Recalled [0-9]* customers' "$(ilog "$p")" || true; } | awk '{s += $2} END {print s + 0}')
        r=$(grep -c 'Recalled [0-9]* customers' "$(ilog "$p")" || true)
        e=$(grep -c -E ' (ERROR|WARN) ' "$(ilog "$p")" || true)
        per+=(":$p recalled $n")
        errs=$((errs + e))
        runs=$((runs + r))
    done
    # One statement made them overdue, so the first turn after it recalls them all: one run in all (V56), where
    # instances scanning each period side by side would share them out.
    row "recall-three" "$RECALL_DUE overdue customers: in the pool $pooled; recall history once **$once**, never $never, more than once **$twice**; ownership-log rows once $log_once, otherwise $log_not; by instance: ${per[*]}; runs that recalled **$runs**; ERROR/WARN lines in the three logs **$errs**" \
        "every overdue customer recalled exactly once, by one run; no errors" \
        "$(verdict "$pooled == $RECALL_DUE && $once == $RECALL_DUE && $twice == 0 && $log_once == $RECALL_DUE && $runs == 1 && $errs == 0")"
    psql_v "DROP TABLE fault_recall" >/dev/null
    for p in "$p1" "$p2" "$p3"; do stop_instance "$p" 10; done
}

for s in $known; do
    if wanted "$s"; then
        scenario=$s
        "scenario_${s//-/_}"
        write_report
    fi
done
cat "$report"
