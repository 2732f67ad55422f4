#!/usr/bin/env bash
# Reports, note search and bulk export on the 1,000,000-customer, 5,000,000-visit data set (issue 5,
# "Speed"); see bench/README.md.
#
#   bench/insights.sh                    # load customers, visits, deals; start the API (migrating); measure
#   SKIP_LOAD=1 bench/insights.sh        # reuse the data of an earlier run (deals and owner events are reloaded)
#   SKIP_LOAD=1 SKIP_DEALS=1 bench/insights.sh
#   JAR=/work/main/target/quarkus-app/quarkus-run.jar SKIP_LOAD=1 bench/insights.sh
#
# Environment (defaults in brackets), besides those of bench/lib.sh (SKIP_LOAD [0] CUSTOMERS [1000000]
# JAR BUILD API_PORT [8089] QUIET_WAIT [0] PGHOST PGPORT PGUSER BENCH_DB [postgres] SCHEMA [crm_bench]
# MIGRATIONS):
#   VISITS [5000000]     visits loaded (bench/load-visits.sql)
#   SKIP_DEALS [0]       1: keep the deals and ownership events of an earlier run (else bench/load-deals.sql reruns)
#   HEAP [256m]          the API's -Xmx: exports must stream, so a small heap must do
#   JAVA_OPTS []         more JVM options
#   START_TIMEOUT [3600] seconds to wait for the API: at its first start on a loaded schema, Flyway applies
#                        the migrations newer than the load's (index builds on 5,000,000 visits)
#   PG_LOG_MS [50]       the API's sessions log statements slower than this (log_min_duration_statement, set per
#                        session in the JDBC URL); each scenario's share of PG_LOG is summed up; -1: off
#   PG_LOG [/var/log/postgresql/postgresql-15-main.log]  the server log (readable, else no summary)
#   MIGRATE [1]          0: Flyway off (the schema already has the jar's migrations, e.g. applied by hand)
#   BASELINE []          the last migration version already in the schema, when it has no Flyway history and
#                        bench_seed does not know it (a load by this script records it)
#   MONTHS [6]           reports rotate over the last MONTHS full months (company time zone, Asia/Shanghai)
#   PERIODS []           instead, these periods: "from to" pairs, comma-separated (e.g. "2026-12-01 2026-12-06")
#   SEQ_N [30]           sequential requests per report scenario; CONC_N [60] requests at LOW_CONC [4]
#   SEARCH_SEQ_N [300]   sequential note searches per caller; SEARCH_CONC_N [600] at LOW_CONC
#   SEARCH_TERMS []      the search terms, |-separated (default: the list below)
#   NOTE_BURST []        n: before the note search, n visits whose notes hold none of the default terms, visited
#                        over the last NOTE_BURST_SECONDS [60] up to now (bench/note-burst.sql: what run.sh's visit
#                        creation leaves on top); an earlier burst is deleted first. 0: only delete an earlier burst
#   JIT_ROUNDS [20]      unmeasured passes over every scenario's requests first (with 6, C2 still compiled 32 ms per
#                        leaderboard request inside the measured window; with 20, 5 ms: fifteenth round)
#   EXPORTS [customers contacts visits deals]   what to export as NDJSON (customers also as CSV)
#   SKIP_EXPORT [0] SKIP_REPORTS [0] SKIP_SEARCH [0] SKIP_PGBENCH [0]
#   PGBENCH_SECONDS [20] database ceilings: the endpoints' SQL with pgbench, 1 and LOW_CONC clients
set -euo pipefail

bench_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
root=$(cd -- "$bench_dir/.." && pwd)
out="$bench_dir/out"
mkdir -p "$out"

VISITS=${VISITS:-5000000}
SKIP_DEALS=${SKIP_DEALS:-0}
HEAP=${HEAP:-256m}
START_TIMEOUT=${START_TIMEOUT:-3600}
BASELINE=${BASELINE:-}
MIGRATE=${MIGRATE:-1}
PG_LOG_MS=${PG_LOG_MS:-50}
PG_LOG=${PG_LOG:-/var/log/postgresql/postgresql-15-main.log}
MONTHS=${MONTHS:-6}
PERIODS=${PERIODS:-}
SEQ_N=${SEQ_N:-30}
CONC_N=${CONC_N:-60}
LOW_CONC=${LOW_CONC:-4}
SEARCH_SEQ_N=${SEARCH_SEQ_N:-300}
SEARCH_CONC_N=${SEARCH_CONC_N:-600}
NOTE_BURST=${NOTE_BURST:-}
NOTE_BURST_SECONDS=${NOTE_BURST_SECONDS:-60}
JIT_ROUNDS=${JIT_ROUNDS:-20}
EXPORTS=${EXPORTS:-customers contacts visits deals}
SKIP_EXPORT=${SKIP_EXPORT:-0}
SKIP_REPORTS=${SKIP_REPORTS:-0}
SKIP_SEARCH=${SKIP_SEARCH:-0}
SKIP_PGBENCH=${SKIP_PGBENCH:-0}
PGBENCH_SECONDS=${PGBENCH_SECONDS:-20}
# Competitors at their share of the notes (bench/load-visits.sql), words every tenth note has, two
# terms at once, and names no note holds (the index must say "none" fast too).
SEARCH_TERMS=${SEARCH_TERMS:-华为|金蝶|用友|钉钉|纷享销客|销售易|Salesforce|salesforce|Zoho|HubSpot|励销云|报价|投资回报|华为 报价|甲骨文|Oracle}
# shellcheck source=bench/lib.sh
. "$bench_dir/lib.sh"

# The API's backends here are named by its own pools (crm-api, crm-api-report, ...; the JDBC URL below
# names none), so lib.sh's count by the bench's ApplicationName found none: count this database's.
pg_api_ticks() {
    [[ -n $pg_master ]] || return 0
    # shellcheck disable=SC2046
    stat_ticks $(psql -X -A -t -d "$BENCH_DB" -c "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'crm-api%'" 2>/dev/null)
}

results="$out/insights-$stamp.md"
py="$bench_dir/insights.py"

missing=()
for t in psql java jstat jcmd openssl curl python3; do
    command -v "$t" >/dev/null || missing+=("$t")
done
[[ $SKIP_PGBENCH == 1 ]] || command -v pgbench >/dev/null || missing+=(pgbench)
((${#missing[@]})) && die "missing: ${missing[*]}. On Debian/Ubuntu: apt-get install -y postgresql-client curl openssl python3 (and a JDK 17+ with jstat and jcmd)"
psql -X -q -d "$BENCH_DB" -c 'SELECT 1' >/dev/null 2>&1 \
    || die "cannot reach PostgreSQL at $PGHOST:$PGPORT as $PGUSER (database $BENCH_DB)"
ensure_jar

# ---------------------------------------------------------------- data
if [[ $SKIP_LOAD == 1 ]]; then
    log "SKIP_LOAD=1: reusing schema $SCHEMA"
    [[ $(psql_v "SELECT count(*) FROM customer" 2>/dev/null || echo 0) -gt 0 ]] \
        || die "schema $SCHEMA has no customers; run without SKIP_LOAD first"
else
    load_data "$VISITS"
    # Flyway's baseline at the API's first start: the last migration the load applied.
    migration_dir=${MIGRATIONS:-$root/src/main/resources/db/migration}
    loaded_version=$(for f in "$migration_dir"/V*__*.sql; do v=${f##*/V}; v=${v%%__*}; echo "${v//_/.}"; done | sort -V | tail -1)
    psql_v "CREATE TABLE IF NOT EXISTS bench_seed (what text PRIMARY KEY, value text NOT NULL)" >/dev/null
    psql_v "INSERT INTO bench_seed VALUES ('migrated-to', '$loaded_version') ON CONFLICT (what) DO UPDATE SET value = EXCLUDED.value" >/dev/null
fi
deals_seconds=""
if [[ $SKIP_DEALS != 1 ]]; then
    log "deals, region managers and ownership events with bench/load-deals.sql"
    t0=$(date +%s)
    psql -X -v ON_ERROR_STOP=1 -d "$BENCH_DB" -v schema="$SCHEMA" -f "$bench_dir/load-deals.sql" >"$out/load-deals.log" 2>&1 \
        || { tail -20 "$out/load-deals.log" >&2; die "deal load failed"; }
    deals_seconds=$(( $(date +%s) - t0 ))
    log "deals loaded in ${deals_seconds}s (details: bench/out/load-deals.log)"
fi
dataset=$(psql_v "SELECT format('%s customers (%s in the public pool, %s SIGNED; grade by expected date today: %s A, %s B, %s C; %s with a decision-maker contact), %s contacts, %s visits (%s in the last 365 days), %s reviews, %s deals (%s cancelled) of %s customers, ownership events: %s',
                  (SELECT count(*) FROM customer), (SELECT count(*) FROM customer WHERE owner_id IS NULL),
                  (SELECT count(*) FROM customer WHERE status = 'SIGNED'),
                  (SELECT count(*) FROM customer WHERE expected_sign_date <= current_date + 30),
                  (SELECT count(*) FROM customer WHERE expected_sign_date > current_date + 30 AND expected_sign_date <= current_date + 90),
                  (SELECT count(*) FROM customer WHERE expected_sign_date IS NULL OR expected_sign_date > current_date + 90),
                  (SELECT count(DISTINCT customer_id) FROM contact WHERE decision_maker AND NOT archived),
                  (SELECT count(*) FROM contact), (SELECT count(*) FROM visit),
                  (SELECT count(*) FROM visit WHERE visited_at > now() - interval '365 days'),
                  (SELECT count(*) FROM visit_review),
                  (SELECT count(*) FROM deal), (SELECT count(*) FROM deal WHERE status = 'CANCELLED'),
                  (SELECT count(DISTINCT customer_id) FROM deal),
                  (SELECT string_agg(kind || ' ' || n, ', ' ORDER BY kind) FROM (SELECT kind, count(*) AS n FROM customer_owner_change GROUP BY kind) k))")
log "data set: $dataset"

# ---------------------------------------------------------------- the API, migrating the schema
has_history=$(psql_v "SELECT to_regclass('flyway_schema_history') IS NOT NULL")
flyway_args=(QUARKUS_FLYWAY_MIGRATE_AT_START=true QUARKUS_FLYWAY_SCHEMAS="$SCHEMA")
if [[ $MIGRATE != 1 ]]; then
    log "MIGRATE=$MIGRATE: Flyway off, the schema must already have the jar's migrations"
    flyway_args=(QUARKUS_FLYWAY_MIGRATE_AT_START=false)
elif [[ $has_history != t ]]; then
    [[ -n $BASELINE ]] || BASELINE=$(psql_v "SELECT value FROM bench_seed WHERE what = 'migrated-to'" 2>/dev/null || true)
    [[ -n $BASELINE ]] || die "schema $SCHEMA has no Flyway history and bench_seed does not say which migrations the load applied; set BASELINE (e.g. 7)"
    log "first start on this schema: Flyway baselines at V$BASELINE and applies the jar's newer migrations"
    flyway_args+=(QUARKUS_FLYWAY_BASELINE_ON_MIGRATE=true QUARKUS_FLYWAY_BASELINE_VERSION="$BASELINE")
fi
ensure_keys
trap cleanup EXIT
trap 'exit 130' INT TERM
busy_at_start=$(background_cpu)
migrate_t0=$(psql_v "SELECT now()")
# The API's own sessions log their slow statements (where the time of a slow request goes).
jdbc_url="jdbc:postgresql://$PGHOST:$PGPORT/$BENCH_DB?currentSchema=$SCHEMA,public"
(( PG_LOG_MS >= 0 )) && jdbc_url+="&options=-c%20log_min_duration_statement%3D$PG_LOG_MS"
# Managers may export here (by default only admin and integration may): the region manager's export
# measures the visibility-filtered stream.
JAVA_OPTS="-Xmx$HEAP $JAVA_OPTS" START_TIMEOUT=$START_TIMEOUT start_api "${flyway_args[@]}" CRM_CLAIM_RECALL_EVERY=off \
    CRM_EXPORT_ROLES=admin,integration,manager QUARKUS_DATASOURCE_JDBC_URL="$jdbc_url"
migrations_applied="none (MIGRATE=$MIGRATE)"
[[ $MIGRATE == 1 ]] && migrations_applied=$(psql_v "SELECT coalesce(string_agg(format('V%s %s %s s', version, description, round(execution_time / 1000.0, 1)), '; ' ORDER BY installed_rank), 'none')
                             FROM flyway_schema_history WHERE installed_on >= '$migrate_t0' AND type = 'SQL'")
log "API started in ${api_start_seconds}s (machine ${busy_at_start}% busy with other work at the start); migrations applied: $migrations_applied"
api_commit=$(git -C "$(dirname "$jar")/../.." rev-parse --short HEAD 2>/dev/null || echo unknown)

tok_admin=$(mint_token admin '["admin"]')
tok_integrator=$(mint_token integrator '["integration"]')
tok_rmgr=$(mint_token rmgr1 '["manager"]')
tok_mgr=$(mint_token mgr01 '["manager"]')
tok_rep=$(mint_token rep001 '["sales"]')
# The *-conc scenarios run as LOW_CONC callers of the same kind, each request by the next of them: one caller
# runs at most 2 long reads at a time (crm.work.long-read.max-per-caller), so LOW_CONC at once as one caller
# measured that limit's 429s, not the reports. Admins (any login, no user row needed) see the same reports as
# admin and rmgr1; managers mgr01.. each see their own team's visits.
conc_admins=("$tok_admin") conc_managers=("$tok_mgr")
for ((i = 2; i <= LOW_CONC; i++)); do
    conc_admins+=("$(mint_token "admin$i" '["admin"]')")
    conc_managers+=("$(mint_token "$(printf 'mgr%02d' "$i")" '["manager"]')")
done
by_callers() { # paths_file token... -> a paths file with each path once per token, in turn ("token<TAB>path")
    local file=$1 spread=${1%.txt}-callers.txt path t; shift
    : >"$spread"
    while IFS= read -r path; do
        for t in "$@"; do printf '%s\t%s\n' "$t" "$path" >>"$spread"; done
    done <"$file"
    echo "$spread"
}

# Months: the last MONTHS full months in the company's time zone, newest first; or PERIODS as given.
periods_desc="the last $MONTHS full months"
if [[ -n $PERIODS ]]; then
    IFS=',' read -r -a months <<<"$PERIODS"
    for m in "${months[@]}"; do
        [[ $m =~ ^\ *[0-9]{4}-[0-9]{2}-[0-9]{2}\ +[0-9]{4}-[0-9]{2}-[0-9]{2}\ *$ ]] \
            || die "PERIODS must be \"from to\" pairs of dates, comma-separated: '$m'"
    done
    periods_desc="the periods given by PERIODS"
else
    mapfile -t months < <(psql_v "SELECT to_char(m, 'YYYY-MM-DD') || ' ' || to_char(m + interval '1 month' - interval '1 day', 'YYYY-MM-DD')
                                 FROM generate_series(1, $MONTHS) k,
                                      LATERAL (SELECT date_trunc('month', (now() AT TIME ZONE 'Asia/Shanghai')::date - (k || ' months')::interval)::date AS m) x
                                 ORDER BY m DESC")
fi
region_id=$(psql_v "SELECT md5('region:1')::uuid")
team_id=$(psql_v "SELECT md5('team:1')::uuid")
region_name=$(psql_v "SELECT name FROM team WHERE id = '$region_id'")
team_name=$(psql_v "SELECT name FROM team WHERE id = '$team_id'")

# One GET that must answer 200 before its scenario is measured; the body is kept in bench/out/.
preflight() { # name token path [accept]
    local code
    code=$(curl -s -o "$out/$1.sample" -w '%{http_code}' -H "Authorization: Bearer $2" -H "Accept: ${4:-application/json}" "$api$3")
    if [[ $code != 200 ]]; then
        log "GET $3 answered $code: $(head -c 300 "$out/$1.sample")"
        return 1
    fi
}

# latency NAME TOKEN PATHS_FILE N CONC [ACCEPT] -> l_* fields; raw output in bench/out/NAME.txt
latency() {
    local name=$1 log_from=""
    check_quiet "$name"
    [[ -r $PG_LOG ]] && log_from=$(stat -c %s "$PG_LOG")
    cpu_begin
    python3 "$py" latency "$api" "$2" "$3" "$4" "$5" "${6:-application/json}" >"$out/$name.txt" 2>"$out/$name.paths.txt" \
        || { cat "$out/$name.paths.txt" >&2; die "insights.py latency failed"; }
    cpu_stop
    r_line=$(grep '^RESULT ' "$out/$name.txt")
    l_rps=$(result_field rps) l_p50=$(result_field p50_ms) l_p90=$(result_field p90_ms) l_p99=$(result_field p99_ms)
    l_max=$(result_field max_ms) l_n=$(result_field requests) l_err=$(result_field errors) l_bytes=$(result_field bytes_avg)
    cpu_name=$name
    cpu_per_request "$l_n"
    log "$name: n=$l_n p50 $l_p50 ms, p90 $l_p90 ms, p99 $l_p99 ms, max $l_max ms, $l_rps req/s, errors $l_err; $(cpu_note)"
    rows+=("| $name | $l_n | $5 | $l_rps | $l_p50 | $l_p90 | $l_p99 | $l_max | $l_err | $l_bytes |")
    p99_of[$name]=$l_p99
    scenarios+=("$name")
    if [[ -n $log_from ]] && (( PG_LOG_MS >= 0 )); then
        python3 "$py" pglog "$PG_LOG" "$log_from" "$(stat -c %s "$PG_LOG")" "$BENCH_DB" >"$out/$name.sql.md"
    fi
}
warm() { # token paths_file [accept]
    (( JIT_ROUNDS > 0 )) || return 0
    python3 "$py" latency "$api" "$1" "$2" $(( JIT_ROUNDS * $(grep -c . "$2") )) 2 "${3:-application/json}" >/dev/null 2>&1 || true
}
rows=()
notes=()
declare -A p99_of=() rps_of=()
scenarios=()

# ---------------------------------------------------------------- reports
if [[ $SKIP_REPORTS != 1 ]]; then
    : >"$out/paths-region.txt"; : >"$out/paths-team.txt"; : >"$out/paths-leaderboard.txt"
    for m in "${months[@]}"; do
        read -r from to <<<"$m"
        echo "/api/v1/reports/teams/$region_id?from=$from&to=$to" >>"$out/paths-region.txt"
        echo "/api/v1/reports/teams/$team_id?from=$from&to=$to" >>"$out/paths-team.txt"
        echo "/api/v1/reports/leaderboard?from=$from&to=$to" >>"$out/paths-leaderboard.txt"
    done
    if preflight report-region "$tok_rmgr" "$(head -1 "$out/paths-region.txt")"; then
        log "JIT warm-up: reports"
        warm "$tok_rmgr" "$out/paths-region.txt"; warm "$tok_mgr" "$out/paths-team.txt"
        latency "report-region-seq" "$tok_rmgr" "$out/paths-region.txt" "$SEQ_N" 1
        latency "report-region-conc" "$tok_rmgr" "$(by_callers "$out/paths-region.txt" "${conc_admins[@]}")" "$CONC_N" "$LOW_CONC"
        latency "report-team-seq" "$tok_mgr" "$out/paths-team.txt" "$SEQ_N" 1
        if preflight report-region-csv "$tok_rmgr" "$(head -1 "$out/paths-region.txt")" text/csv; then
            latency "report-region-csv-seq" "$tok_rmgr" "$out/paths-region.txt" "$SEQ_N" 1 text/csv
        fi
    else
        notes+=("team report: not measured, the preflight GET did not answer 200 (bench/out/report-region.sample)")
    fi
    if preflight leaderboard "$tok_admin" "$(head -1 "$out/paths-leaderboard.txt")"; then
        warm "$tok_admin" "$out/paths-leaderboard.txt"
        latency "leaderboard-seq" "$tok_admin" "$out/paths-leaderboard.txt" "$SEQ_N" 1
        latency "leaderboard-conc" "$tok_admin" "$(by_callers "$out/paths-leaderboard.txt" "${conc_admins[@]}")" "$CONC_N" "$LOW_CONC"
    else
        notes+=("leaderboard: not measured, the preflight GET did not answer 200 (bench/out/leaderboard.sample)")
    fi
fi

# ---------------------------------------------------------------- note search
if [[ $SKIP_SEARCH != 1 ]]; then
    IFS='|' read -r -a terms <<<"$SEARCH_TERMS"
    rm -f "$out/search-terms.md"
    : >"$out/paths-search.txt"
    for t in "${terms[@]}"; do
        echo "/api/v1/visits?q=$(urlencode "$t")" >>"$out/paths-search.txt"
    done
    if [[ -n $NOTE_BURST ]]; then
        log "NOTE_BURST=$NOTE_BURST: bench/note-burst.sql (an earlier burst deleted, $NOTE_BURST new visits over the last ${NOTE_BURST_SECONDS}s)"
        psql -X -d "$BENCH_DB" -v schema="$SCHEMA" -v n="$NOTE_BURST" -v seconds="$NOTE_BURST_SECONDS" -v customers="$CUSTOMERS" \
            -f "$bench_dir/note-burst.sql" >"$out/note-burst.log" 2>&1 || { cat "$out/note-burst.log" >&2; die "note burst failed"; }
        burst_note=$(grep '^burst:' "$out/note-burst.log")
        log "$burst_note"
        notes+=("note search after NOTE_BURST=$NOTE_BURST (bench/note-burst.sql): $burst_note")
    fi
    bench_bursts=$(psql_v "SELECT count(*) FROM visit WHERE created_by = 'bench-burst'")
    (( bench_bursts == 0 )) || log "note search: $bench_bursts visits of a NOTE_BURST are on top (NOTE_BURST=0 deletes them)"
    # GET /api/v1/visits without the search answers 200 too (and ignores q): a hit must come highlighted.
    if preflight search "$tok_mgr" "$(head -1 "$out/paths-search.txt")" && grep -q '"highlight"' "$out/search.sample"; then
        log "JIT warm-up: note search"
        warm "$tok_mgr" "$out/paths-search.txt"; warm "$tok_rep" "$out/paths-search.txt"
        latency "search-manager-seq" "$tok_mgr" "$out/paths-search.txt" "$SEARCH_SEQ_N" 1
        latency "search-rep-seq" "$tok_rep" "$out/paths-search.txt" "$SEARCH_SEQ_N" 1
        latency "search-manager-conc" "$tok_mgr" "$(by_callers "$out/paths-search.txt" "${conc_managers[@]}")" "$SEARCH_CONC_N" "$LOW_CONC"
        latency "search-admin-seq" "$tok_admin" "$out/paths-search.txt" "$SEARCH_SEQ_N" 1
        # How many visits each term finds: all, visible to mgr01, visible to rep001 (one scan of the visits).
        sel=""
        for t in "${terms[@]}"; do
            cond=$(for w in $t; do printf " AND strpos(lower(v.notes), lower('%s')) > 0" "$w"; done)
            sel+="${sel:+, }count(*) FILTER (WHERE true $cond), count(*) FILTER (WHERE m.mgr $cond), count(*) FILTER (WHERE m.rep $cond)"
        done
        counts=$(psql_v "SELECT $sel FROM visit v JOIN customer c ON c.id = v.customer_id
                         CROSS JOIN LATERAL (SELECT c.owner_id IS NULL OR c.owner_id IN (SELECT u.id FROM app_user u WHERE u.team_id = '$team_id') AS mgr,
                                                    c.owner_id IS NULL OR c.owner_id = md5('user:rep001')::uuid AS rep) m")
        IFS='|' read -r -a count_cols <<<"$counts"
        {
            echo "| term | visits with it (all) | visible to mgr01 | visible to rep001 | p50 ms mgr01 | max ms mgr01 | p50 ms rep001 | max ms rep001 |"
            echo "|---|---:|---:|---:|---:|---:|---:|---:|"
            k=0
            for t in "${terms[@]}"; do
                m=$(grep -F "PATH /api/v1/visits?q=$t n=" "$out/search-manager-seq.paths.txt" | sed -n 's/.*p50_ms=\([0-9.]*\) max_ms=\([0-9.]*\).*/\1 | \2/p' || true)
                r=$(grep -F "PATH /api/v1/visits?q=$t n=" "$out/search-rep-seq.paths.txt" | sed -n 's/.*p50_ms=\([0-9.]*\) max_ms=\([0-9.]*\).*/\1 | \2/p' || true)
                echo "| $t | ${count_cols[k]} | ${count_cols[k + 1]} | ${count_cols[k + 2]} | ${m:- | } | ${r:- | } |"
                k=$((k + 3))
            done
        } >"$out/search-terms.md"
    else
        notes+=("note search: not measured, the preflight GET did not answer 200 (bench/out/search.sample)")
    fi
fi

# ---------------------------------------------------------------- exports
exp_rows=()
export_one() { # name token path accept
    local name=$1
    check_quiet "export $name"
    python3 "$py" export "$api" "$2" "$3" "$4" "$api_pid" >"$out/export-$name.txt" 2>&1 \
        || { cat "$out/export-$name.txt" >&2; die "insights.py export failed"; }
    r_line=$(grep '^RESULT ' "$out/export-$name.txt")
    local f
    for f in status rows bytes seconds ttfb_ms rows_per_s mb_per_s heap_before_mb heap_peak_mb old_peak_mb old_after_gc_mb heap_capacity_mb ygc fgc; do
        printf -v "x_$f" '%s' "$(result_field "$f")"
    done
    log "export $name: status $x_status, $x_rows rows, $x_bytes bytes in $x_seconds s: $x_rows_per_s rows/s, $x_mb_per_s MB/s; heap peak $x_heap_peak_mb MB (old gen peak $x_old_peak_mb MB, before $x_heap_before_mb MB, after GC $x_old_after_gc_mb MB), $x_ygc young / $x_fgc full GCs"
    rps_of[$name]=$x_rows_per_s
    exp_rows+=("| $name | $x_status | $x_rows | $(awk -v b="$x_bytes" 'BEGIN {printf "%.0f", b / 1e6}') | $x_seconds | $x_ttfb_ms | **$x_rows_per_s** | $x_mb_per_s | $x_heap_before_mb | $x_heap_peak_mb | $x_old_peak_mb | $x_old_after_gc_mb | $x_ygc / $x_fgc |")
}
if [[ $SKIP_EXPORT != 1 ]]; then
    if preflight export "$tok_integrator" "/api/v1/export/deals" application/x-ndjson; then
        # JIT warm-up: the deals export (small) twice.
        for _ in 1 2; do curl -s -o /dev/null -H "Authorization: Bearer $tok_integrator" -H 'Accept: application/x-ndjson' "$api/api/v1/export/deals"; done
        for e in $EXPORTS; do
            export_one "$e-ndjson" "$tok_integrator" "/api/v1/export/$e" application/x-ndjson
            if [[ $e == customers ]]; then
                export_one "$e-csv" "$tok_integrator" "/api/v1/export/$e" text/csv
                export_one "$e-ndjson-admin" "$tok_admin" "/api/v1/export/$e" application/x-ndjson
                export_one "$e-ndjson-manager" "$tok_rmgr" "/api/v1/export/$e" application/x-ndjson
            fi
        done
    else
        notes+=("export: not measured, the preflight GET did not answer 200 (bench/out/export.sample)")
    fi
fi

# ---------------------------------------------------------------- database ceilings
# The endpoints' SQL straight through pgbench (-M prepared): what the database alone needs per request,
# one client and LOW_CONC clients. Scripts in bench/out/pgbench-*.sql (written by pgbench_scripts below,
# which must follow the application's queries when they change).
pg_rows=()
pgbench_run() { # name script clients
    local name=$1 script=$2 clients=$3 tps p50 p99
    check_quiet "pgbench $name"
    rm -f "$out"/pgbench_log.*
    # shellcheck disable=SC2086
    (cd "$out" && pgbench -n -M prepared ${pgbench_defs[$name]:-} -f "$script" -c "$clients" -j "$clients" -T "$PGBENCH_SECONDS" \
        -l --log-prefix=pgbench_log "$BENCH_DB") >"$out/pgbench-$name-c$clients.log" 2>&1 \
        || { tail -20 "$out/pgbench-$name-c$clients.log" >&2; notes+=("pgbench $name failed: bench/out/pgbench-$name-c$clients.log"); return 0; }
    tps=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time).*/\1/p' "$out/pgbench-$name-c$clients.log")
    read -r p50 p99 < <(pgbench_latencies "$out" 1)
    log "pgbench $name -c $clients: $tps tps, p50 $p50 ms, p99 $p99 ms"
    pg_rows+=("| $name | $clients | $(printf '%.1f' "$tps") | $p50 | $p99 |")
}
if [[ $SKIP_PGBENCH != 1 ]]; then
    # shellcheck source=bench/insights-sql.sh
    . "$bench_dir/insights-sql.sh"
    pgbench_scripts
    for s in "${pgbench_names[@]}"; do
        pgbench_run "$s" "$out/pgbench-$s.sql" 1
        pgbench_run "$s" "$out/pgbench-$s.sql" "$LOW_CONC"
    done
fi

# ---------------------------------------------------------------- report
verdict() { awk -v v="$1" -v aim="$2" -v op="$3" 'BEGIN {if (v == "") print "n/a"; else if (op == "<") print (v < aim) ? "met" : "NOT met"; else print (v >= aim) ? "met" : "NOT met"}'; }
java_version=$(java -version 2>&1 | head -1)
pg_version=$(pg_server)
{
    echo "# Reports, note search and export benchmark, $stamp"
    echo
    echo "- Machine: $(nproc) CPU cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM; client, JVM and PostgreSQL share them (loopback)."
    echo "- $pg_version; $java_version; API $jar (commit $api_commit), -Xmx$HEAP"
    echo "- Data ($SCHEMA): $dataset"
    [[ -n $load_seconds ]] && echo "- Loaded in ${load_seconds}s (customers, contacts, keys ${load_customers_seconds}s; visits, reviews ${load_visits_seconds}s; change log ${load_sync_seconds}s)"
    [[ -n $deals_seconds ]] && echo "- Deals, region managers, ownership events (bench/load-deals.sql): ${deals_seconds}s"
    echo "- API start: ${api_start_seconds}s, Flyway migrations applied at this start: $migrations_applied (${busy_at_start}% CPU busy with other work when it started)"
    echo "- Reports over $periods_desc in turn (${months[*]}); team subtree = $region_name (5 teams, 50 reps) as rmgr1, team = $team_name (10 reps) as mgr01,"
    echo "  leaderboard as admin. Searches as mgr01 (team 1 + pool), rep001 (own + pool) and admin; exports as integrator (group integration) unless named."
    echo "- Each scenario after $JIT_ROUNDS unmeasured passes over its requests; *-seq: one request at a time; *-conc: $LOW_CONC at once,"
    echo "  by $LOW_CONC callers in turn (reports: admin, admin2..; note search: mgr01..), each caller's limit being 2 long reads."
    echo
    echo "| scenario | requests | concurrency | req/s | p50 ms | p90 ms | p99 ms | max ms | errors | bytes/response |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    printf '%s\n' "${rows[@]}"
    echo
    echo "Aims: team report p99 < 500 ms: $(verdict "${p99_of[report-region-seq]:-}" 500 '<') (seq), $(verdict "${p99_of[report-region-conc]:-}" 500 '<') ($LOW_CONC at once);"
    echo "leaderboard p99 < 500 ms: $(verdict "${p99_of[leaderboard-seq]:-}" 500 '<') (seq), $(verdict "${p99_of[leaderboard-conc]:-}" 500 '<') ($LOW_CONC at once);"
    echo "note search p99 < 100 ms: manager $(verdict "${p99_of[search-manager-seq]:-}" 100 '<'), rep $(verdict "${p99_of[search-rep-seq]:-}" 100 '<'), manager x$LOW_CONC $(verdict "${p99_of[search-manager-conc]:-}" 100 '<')."
    if [[ -f $out/search-terms.md && $SKIP_SEARCH != 1 ]]; then
        echo
        echo "Search terms (sequential runs; counts straight from the database):"
        echo
        cat "$out/search-terms.md"
    fi
    if ((${#exp_rows[@]})); then
        echo
        echo "Exports (one stream each; heap sampled with jstat -gc every 250 ms; MB of heap used = survivor + eden + old):"
        echo
        echo "| export | status | rows | MB | s | first byte ms | rows/s | MB/s | heap before MB | heap peak MB | old gen peak MB | old gen after GC MB | GCs young / full |"
        echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
        printf '%s\n' "${exp_rows[@]}"
        echo
        echo "Aim >= 50,000 rows/s for the full customer export: $(verdict "${rps_of[customers-ndjson]:-}" 50000 '>=') (NDJSON), $(verdict "${rps_of[customers-csv]:-}" 50000 '>=') (CSV)."
    fi
    if (( PG_LOG_MS >= 0 )); then
        for s in "${scenarios[@]}"; do
            [[ -s $out/$s.sql.md ]] || continue
            echo
            echo "Statements of $s that took $PG_LOG_MS ms or more inside PostgreSQL (the API's sessions, from its log):"
            echo
            cat "$out/$s.sql.md"
        done
    fi
    if ((${#pg_rows[@]})); then
        echo
        echo "Database ceilings (pgbench -M prepared, ${PGBENCH_SECONDS}s each; scripts in bench/out/pgbench-*.sql):"
        echo
        echo "| SQL | clients | tps | p50 ms | p99 ms |"
        echo "|---|---:|---:|---:|---:|"
        printf '%s\n' "${pg_rows[@]}"
    fi
    if ((${#notes[@]})); then
        echo
        printf -- '- %s\n' "${notes[@]}"
    fi
    if ((${#noise_notes[@]})); then
        echo
        echo "Other work was running on the machine (CPU busy without bench load), so these numbers are low:"
        printf -- '- %s\n' "${noise_notes[@]}"
    else
        echo
        echo "The machine was quiet (≤ 15% CPU busy with other work) before every measurement."
    fi
} | tee "$results"
log "written to ${results#"$root"/}"
