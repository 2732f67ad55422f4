#!/usr/bin/env bash
# End-to-end benchmark of the CRM API on loopback; see bench/README.md.
#
#   bench/run.sh                      # load 1,000,000 customers + 5,000,000 visits, build if needed, measure
#   SKIP_LOAD=1 bench/run.sh          # reuse the data loaded by an earlier run
#   DURATION=30s CONC=32 bench/run.sh
#
# Environment (defaults in brackets):
#   DURATION [20s]  WARMUP [10s] (per scenario)  JIT_WARMUP [30s] (once, all requests mixed)  CONC [16]  THREADS [2] (load generator and pgbench -j)
#   WRITE_WARMUP [120s]  visit creation's own warm-up: the mixed JIT warm-up never runs the write path; on 2 cores
#                   the C2 compiler took 0.19-0.31 ms per created visit in each 20 s window of the first 100 s of
#                   visits, 0.07 in the sixth and under 0.01 from the seventh on (bench/README, fifteenth round)
#   TOOL [auto]     wrk or hey; auto prefers wrk (lighter on a small machine, random ids)
#   SKIP_LOAD [0]   1: keep the schema and data of an earlier run
#   CUSTOMERS [1000000]   size of the data set
#   VISITS [5000000]      visits loaded on top of it (bench/load-visits.sql)
#   JAR [target/quarkus-app/quarkus-run.jar]  the API to run (e.g. one built in a copy of the repository)
#   MANAGER [mgr01]  whose review queue is measured   INTEGRATOR [integrator]  who pulls the change feed
#   ONLY_LIST_SEARCH [0]  1: measure only get-one, the rep's list and the name search (no visit scenarios, no feed)
#   SKIP_FEED [0]   1: skip the change feed   FEED_PAGE [1000]  its limit
#   FEED_MAX_ROWS [0] FEED_MAX_SECONDS [0]  stop the feed pull after that many rows / seconds (0: the whole feed)
#   BUILD [0]       1: run ./mvnw package -DskipTests even if the jar exists (it is built when missing)
#   SKIP_PGBENCH [0]  1: skip the pgbench ceilings (pgbench -S for reads, TPC-B-like for writes)
#   PGHOST [127.0.0.1] PGPORT [5432] PGUSER [postgres] BENCH_DB [postgres] SCHEMA [crm_bench]
#   PGBENCH_DB [bench_pgbench] PGBENCH_SCALE [10]
#   API_PORT [8089]  REP [rep001]  Q [新时代]  JAVA_OPTS []
#   QUIET_WAIT [0]  seconds to wait, before each measurement, for other work on the machine to end
#   RATE_LIMITS [on]  on: the rate limiter counts every request as in production (budgets no bench caller reaches); off: not at all
#   DB_POOL []      the API's interactive pool (crm.db.max-connections; empty: the default, 20; 6 suits reads on this 2-core box, not claims)
#   PROFILE [0]     1: run the API with Java Flight Recorder, one recording per measured scenario in
#                   bench/out/profile-<stamp>/ (bench/profile-top.sh prints their top frames)
#   MIGRATIONS [src/main/resources/db/migration]  the migrations applied to the empty schema
# Shared parts (settings, logging, loading, starting the API, tokens) are in bench/lib.sh.
set -euo pipefail

bench_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
root=$(cd -- "$bench_dir/.." && pwd)
out="$bench_dir/out"
mkdir -p "$out"

JIT_WARMUP=${JIT_WARMUP:-30s}
WRITE_WARMUP=${WRITE_WARMUP:-120s}
TOOL=${TOOL:-auto}
VISITS=${VISITS:-5000000}
SKIP_PGBENCH=${SKIP_PGBENCH:-0}
PGBENCH_DB=${PGBENCH_DB:-bench_pgbench}
PGBENCH_SCALE=${PGBENCH_SCALE:-10}
REP=${REP:-rep001}
MANAGER=${MANAGER:-mgr01}
INTEGRATOR=${INTEGRATOR:-integrator}
SKIP_FEED=${SKIP_FEED:-0}
ONLY_LIST_SEARCH=${ONLY_LIST_SEARCH:-0}
FEED_PAGE=${FEED_PAGE:-1000}
FEED_MAX_ROWS=${FEED_MAX_ROWS:-0}
FEED_MAX_SECONDS=${FEED_MAX_SECONDS:-0}
Q=${Q:-新时代}
# shellcheck source=bench/lib.sh
. "$bench_dir/lib.sh"

results="$out/results-$stamp.md"

[[ $(seconds "$DURATION") =~ ^[1-9][0-9]*$ ]] || die "DURATION must look like 20s or 2m: $DURATION"
[[ $(seconds "$WARMUP") =~ ^[0-9]+$ ]] || die "WARMUP must look like 10s: $WARMUP"
[[ $(seconds "$JIT_WARMUP") =~ ^[0-9]+$ ]] || die "JIT_WARMUP must look like 30s: $JIT_WARMUP"
[[ $CONC =~ ^[1-9][0-9]*$ ]] || die "CONC must be a positive integer: $CONC"
[[ $VISITS =~ ^[0-9]+$ ]] || die "VISITS must be a whole number: $VISITS"

# ---------------------------------------------------------------- tools
missing=()
for t in psql pgbench java openssl curl; do
    command -v "$t" >/dev/null || missing+=("$t")
done
if [[ $TOOL == auto ]]; then
    if command -v wrk >/dev/null; then TOOL=wrk; elif command -v hey >/dev/null; then TOOL=hey; else missing+=("wrk or hey"); fi
elif ! command -v "$TOOL" >/dev/null; then
    missing+=("$TOOL")
fi
if ((${#missing[@]})); then
    die "missing: ${missing[*]}. On Debian/Ubuntu: apt-get install -y wrk hey postgresql-client curl openssl (and a JDK 17+)"
fi

psql -X -q -d "$BENCH_DB" -c 'SELECT 1' >/dev/null 2>&1 \
    || die "cannot reach PostgreSQL at $PGHOST:$PGPORT as $PGUSER (database $BENCH_DB)"

# ---------------------------------------------------------------- data
if [[ $SKIP_LOAD == 1 ]]; then
    log "SKIP_LOAD=1: reusing schema $SCHEMA"
    [[ $(psql_v "SELECT count(*) FROM customer" 2>/dev/null || echo 0) -gt 0 ]] \
        || die "schema $SCHEMA has no customers; run without SKIP_LOAD first"
else
    load_data "$VISITS"
fi
dataset=$(psql_v "SELECT format('%s customers (%s in the public pool), %s contacts, %s visits (%s unreviewed), %s reviews, %s users, %s teams',
                  (SELECT count(*) FROM customer), (SELECT count(*) FROM customer WHERE owner_id IS NULL),
                  (SELECT count(*) FROM contact), (SELECT count(*) FROM visit), (SELECT count(*) FROM visit WHERE review_count = 0),
                  (SELECT count(*) FROM visit_review), (SELECT count(*) FROM app_user), (SELECT count(*) FROM team))")
feed_exists=0
if [[ -n $(psql_v "SELECT to_regclass('sync_change')") ]]; then
    feed_exists=1
    dataset+=", $(psql_v "SELECT count(*) FROM sync_change") change-log rows"
fi
log "data set: $dataset"

# ---------------------------------------------------------------- pgbench ceiling
pg_tps="" pg_p99="" pgw_tps="" pgw_p99="" pg_cpu="" pgw_cpu=""
run_pgbench() {
    if ! psql -X -A -t -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$PGBENCH_DB'" | grep -q 1; then
        log "creating database $PGBENCH_DB"
        psql -X -q -d postgres -c "CREATE DATABASE $PGBENCH_DB" >/dev/null
    fi
    local want=$((PGBENCH_SCALE * 100000)) have
    have=$(psql -X -A -t -d "$PGBENCH_DB" -c "SELECT count(*) FROM pgbench_accounts" 2>/dev/null || echo 0)
    if [[ $have != "$want" ]]; then
        log "pgbench -i -s $PGBENCH_SCALE in $PGBENCH_DB"
        pgbench -i -q -s "$PGBENCH_SCALE" "$PGBENCH_DB" >"$out/pgbench-init.log" 2>&1 \
            || { cat "$out/pgbench-init.log" >&2; die "pgbench -i failed"; }
    fi
    pgbench_measure -S; pg_tps=$r_tps pg_p99=$r_p99 pg_cpu=$r_cpu_cluster
    # The write ceiling: pgbench's TPC-B-like script (3 UPDATEs, 1 SELECT, 1 INSERT per transaction).
    pgbench_measure tpcb; pgw_tps=$r_tps pgw_p99=$r_p99 pgw_cpu=$r_cpu_cluster
}
pgbench_measure() { # -S | tpcb -> r_tps r_p99
    local mode=$1 flag=() name=pgbench
    [[ $mode == -S ]] && flag=(-S)
    [[ $mode == tpcb ]] && name=pgbench-tpcb
    if (( $(seconds "$WARMUP") > 0 )); then
        log "$name warm-up $WARMUP"
        pgbench "${flag[@]}" -n -c "$CONC" -j "$THREADS" -T "$(seconds "$WARMUP")" "$PGBENCH_DB" >/dev/null 2>&1
    fi
    check_quiet "$name"
    log "pgbench ${flag[*]:-(TPC-B-like)} -c $CONC -j $THREADS -T $(seconds "$DURATION")"
    rm -f "$out"/pgbench_log.*
    cpu_begin
    (cd "$out" && pgbench "${flag[@]}" -n -c "$CONC" -j "$THREADS" -T "$(seconds "$DURATION")" -l --log-prefix=pgbench_log \
        "$PGBENCH_DB") >"$out/$name.log" 2>&1 || { cat "$out/$name.log" >&2; die "pgbench failed"; }
    # pgbench's backends exit with it; the postmaster reaps them within moments (their CPU then counts).
    sleep 1
    cpu_end "$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$out/$name.log")"
    r_tps=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time).*/\1/p' "$out/$name.log")
    # Per-transaction log: column 3 is the latency in microseconds.
    r_p99=$(cat "$out"/pgbench_log.* | awk '{print $3}' | sort -n \
        | awk '{a[NR]=$1} END {if (NR) {i=int(NR*0.99); if (i<1) i=1; printf "%.2f", a[i]/1000}}')
    rm -f "$out"/pgbench_log.*
    log "$name: $r_tps tps, p99 $r_p99 ms; $(cpu_note)"
}
if [[ $SKIP_PGBENCH != 1 ]]; then run_pgbench; fi

# ---------------------------------------------------------------- the API
ensure_jar
ensure_keys
trap cleanup EXIT
trap 'exit 130' INT TERM
start_api

token=$(mint_token "$REP")
auth="Authorization: Bearer $token"
rep_id=$(psql_v "SELECT id FROM app_user WHERE login = '$REP' AND active")
[[ -n $rep_id ]] || die "no active user $REP in $SCHEMA"

# Get-one: 1,000 customers the rep owns, one picked at random per request (hey: the first only).
write_get_one_paths "$rep_id"
one_path=$(head -1 "$out/get-one.paths")
[[ -n $one_path ]] || die "$REP owns no customers"
list_path="/api/v1/customers?limit=50"
search_path="/api/v1/customers?q=$(urlencode "$Q")&limit=50"
visible_matches=$(psql_v "SELECT count(*) FROM customer WHERE search_text LIKE '%' || lower('$Q') || '%'
                          AND owner_key IN ('$rep_id', '00000000-0000-0000-0000-000000000000')")
log "search term '$Q': $visible_matches matches visible to $REP"

# Each URL must answer 200 before it is measured: a fast 401 is no result.
for p in "$one_path" "$list_path" "$search_path"; do
    code=$(curl -s -o "$out/preflight.json" -w '%{http_code}' -H "$auth" "$api$p")
    if [[ $code != 200 ]]; then
        log "GET $p answered $code:"; head -c 1000 "$out/preflight.json" >&2; echo >&2
        die "preflight failed"
    fi
done

# Visits. Creation: the rep's 1,000 customers of get-one, each with one of its contacts (wrk only: hey
# cannot send a new id per request, and the same id again is a replay, not a creation).
write_visit_targets "$rep_id"
read -r create_customer create_contact <"$out/visit-create.targets"
create_path="/api/v1/customers/$create_customer/visits"
# A customer's visits, first page: the rep's customers with the most visits (the load's "hot" customers).
# Up to 100 of them with a full first page (50) if there are such, else the top 100.
visit_list_sql="SELECT customer_id, n FROM (
        SELECT v.customer_id, count(*) AS n, max(count(*)) OVER () AS top FROM visit v JOIN customer c ON c.id = v.customer_id
        WHERE c.owner_id = '$rep_id' GROUP BY v.customer_id) x
    WHERE n >= least(50, top) ORDER BY n DESC, customer_id LIMIT 100"
psql_v "SELECT '/api/v1/customers/' || customer_id || '/visits' FROM ($visit_list_sql) y" >"$out/visit-list.paths"
visit_list_path=$(head -1 "$out/visit-list.paths")
[[ -n $visit_list_path ]] || die "$REP's customers have no visits; was the data loaded with VISITS=0?"
visit_list_desc=$(psql_v "SELECT format('random one of %s own customers with %s to %s visits', count(*), min(n), max(n)) FROM ($visit_list_sql) y")
# The review queue of a manager.
manager_token=$(mint_token "$MANAGER" '["manager"]')
manager_auth="Authorization: Bearer $manager_token"
queue_path="/api/v1/reviews/queue"
queue_desc=$(psql_v "WITH RECURSIVE m AS (
            SELECT t.id FROM team t JOIN app_user u ON u.id = t.manager_id WHERE u.login = '$MANAGER'
            UNION SELECT t.id FROM team t JOIN m ON t.parent_id = m.id)
        SELECT format('%s authors, %s unreviewed visits', count(DISTINCT u.id), count(v.id))
        FROM app_user u LEFT JOIN visit v ON v.author_id = u.id AND v.review_count = 0
        WHERE u.team_id IN (SELECT id FROM m) AND u.login <> '$MANAGER'")
log "review queue of $MANAGER: $queue_desc"

post_visit() { # customer contact id -> http code; body in $out/preflight.json
    local now; now=$(date +%s)
    curl -s -o "$out/preflight.json" -w '%{http_code}' -H "$auth" -H 'Content-Type: application/json' \
        --data-binary @- "$api/api/v1/customers/$1/visits" <<EOF
{"id":"$3","contactIds":["$2"],"visitedAt":"$(date -u -d "@$((now - 3600))" +%Y-%m-%dT%H:%M:%SZ)","channel":"PHONE",
 "notes":"下午电话沟通了四十分钟，对接人是行政主管，对方公司规模约三百人，重点问了产品价格、付款方式能否分三期以及售后响应时间，目前犹豫的原因是预算要到下个季度才批，老板还没有最终表态。下一步：三天内发送正式报价单和合同模板。",
 "nextStep":"三天内发送正式报价单和合同模板","nextStepDate":"$(date -u -d "@$((now + 3 * 86400))" +%Y-%m-%d)"}
EOF
}
if [[ $TOOL == wrk ]]; then
    code=$(post_visit "$create_customer" "$create_contact" "$(cat /proc/sys/kernel/random/uuid)")
    [[ $code == 201 ]] || { log "POST $create_path answered $code:"; head -c 1000 "$out/preflight.json" >&2; echo >&2; die "preflight failed"; }
fi
code=$(curl -s -o "$out/preflight.json" -w '%{http_code}' -H "$auth" "$api$visit_list_path")
[[ $code == 200 ]] || { log "GET $visit_list_path answered $code:"; head -c 1000 "$out/preflight.json" >&2; echo >&2; die "preflight failed"; }
code=$(curl -s -o "$out/preflight.json" -w '%{http_code}' -H "$manager_auth" "$api$queue_path")
[[ $code == 200 ]] || { log "GET $queue_path as $MANAGER answered $code:"; head -c 1000 "$out/preflight.json" >&2; echo >&2; die "preflight failed"; }

# The change feed as an integrator: exists once the sync migration (V3) is in the schema and the API serves it.
feed_state="skipped (SKIP_FEED=1)"
if [[ $SKIP_FEED != 1 ]]; then
    if (( ! feed_exists )); then
        # TODO(feed): the sync migration is not in this tree yet; once it is, load-sync.sql fills the
        # change log and this scenario runs. Nothing to change here.
        feed_state="skipped: no sync_change table (change feed not merged yet)"
    else
        command -v python3 >/dev/null || die "missing: python3 (the change-feed scenario)"
        integrator_token=$(mint_token "$INTEGRATOR" '["integration"]')
        code=$(curl -s -o "$out/preflight.json" -w '%{http_code}' -H "Authorization: Bearer $integrator_token" \
            "$api/api/v1/sync/changes?limit=1")
        if [[ $code == 200 ]]; then
            feed_state=run
        elif [[ $code == 404 ]]; then
            feed_state="skipped: the API answers 404 on /api/v1/sync/changes (jar without the feed?)"
        else
            log "GET /api/v1/sync/changes as $INTEGRATOR answered $code:"; head -c 1000 "$out/preflight.json" >&2; echo >&2
            die "preflight failed"
        fi
    fi
fi
[[ $feed_state == run ]] || log "change feed: $feed_state"

# run_load NAME PATH [PATHS_FILE] -> sets r_rps r_p50 r_p99 r_err (r_created: 201s, visit creation)
# The token and wrk script are $cur_auth and $cur_script (default: the rep's, bench/wrk.lua).
cur_auth=$auth
cur_script="$bench_dir/wrk.lua"
declare -A cpu_cols=()
jvm_plus_db() { awk -F'|' '{printf "%s + %s = %.2f", $1 + 0, $3 + 0, $1 + $3}' <<<"$1"; }
run_load() { # name path [paths_file] [warm-up]
    local name=$1 path=$2 paths_file=${3:-} warmup=${4:-$WARMUP} raw="$out/$1.$TOOL.txt"
    if (( $(seconds "$warmup") > 0 )); then
        log "$name: warm-up $warmup"
        load_once "$path" "$paths_file" "$warmup" >/dev/null 2>&1 || true
    fi
    check_quiet "$name"
    log "$name: $TOOL -c $CONC for $DURATION"
    measure_begin "$name"
    load_once "$path" "$paths_file" "$DURATION" >"$raw" 2>&1 || { cat "$raw" >&2; die "$TOOL failed"; }
    local requests
    measure_end "$name"
    if [[ $TOOL == wrk ]]; then
        local line
        line=$(grep '^RESULT ' "$raw") || { cat "$raw" >&2; die "no RESULT line from wrk"; }
        field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$line"; }
        r_rps=$(field rps)
        r_p50=$(awk -v u="$(field p50_us)" 'BEGIN {printf "%.2f", u / 1000}')
        r_p99=$(awk -v u="$(field p99_us)" 'BEGIN {printf "%.2f", u / 1000}')
        r_err=$(( $(field non2xx) + $(field connect_errors) + $(field read_errors) + $(field write_errors) + $(field timeouts) ))
        r_created=$(field created)
        requests=$(field requests)
    else
        r_rps=$(sed -n 's/^[[:space:]]*Requests\/sec:[[:space:]]*\([0-9.]*\).*/\1/p' "$raw")
        r_p50=$(awk '/ 50% in / {printf "%.2f", $3 * 1000}' "$raw")
        r_p99=$(awk '/ 99% in / {printf "%.2f", $3 * 1000}' "$raw")
        # Every response that is not a 200, plus transport errors.
        r_err=$(awk '/^Status code distribution:/ {s=1; next} s && /\[[0-9]+\]/ {gsub(/[\[\]]/, "", $1); if ($1 != 200) n += $2}
                     /^Error distribution:/ {e=1; next} e && /\[[0-9]+\]/ {gsub(/[\[\]]/, "", $1); n += $1}
                     END {print n + 0}' "$raw")
        requests=$(awk '/^Status code distribution:/ {s=1; next} s && /\[[0-9]+\]/ {n += $2} END {print n + 0}' "$raw")
    fi
    cpu_per_request "$requests"
    cpu_cols[$name]="${r_cpu_jvm:-n/a} | ${r_cpu_req:-n/a} | ${r_cpu_db:-n/a} | ${r_cpu_cluster:-n/a}"
    r_rps=$(printf '%.0f' "$r_rps")
    log "$name: $r_rps req/s, p50 $r_p50 ms, p99 $r_p99 ms, errors $r_err; $(cpu_note)"
}
load_once() { # path paths_file duration
    if [[ $TOOL == wrk ]]; then
        wrk -t "$THREADS" -c "$CONC" -d "$3" --timeout 10s -H "$cur_auth" -s "$cur_script" "$api$1" -- "$2"
    else
        # hey sends Content-Type: text/html by default, which a JSON resource may answer with 415.
        hey -z "$3" -c "$CONC" -t 10 -T application/json -H "$cur_auth" "$api$1"
    fi
}

# The JIT needs a while on 2 cores: first a mixed warm-up of all three paths, then each scenario's own.
if (( $(seconds "$JIT_WARMUP") > 0 )); then
    log "JIT warm-up: all three requests mixed for $JIT_WARMUP"
    if [[ $TOOL == wrk ]]; then
        { cat "$out/get-one.paths"; for _ in $(seq 1 300); do echo "$list_path"; done
          for _ in $(seq 1 100); do echo "$search_path"; done; } >"$out/warmup.paths"
        load_once "$one_path" "$out/warmup.paths" "$JIT_WARMUP" >/dev/null 2>&1 || true
    else
        third="$(( ($(seconds "$JIT_WARMUP") + 2) / 3 ))s"
        for p in "$one_path" "$list_path" "$search_path"; do load_once "$p" "" "$third" >/dev/null 2>&1 || true; done
    fi
fi

run_load get-one "$one_path" "$out/get-one.paths"; one_rps=$r_rps one_p50=$r_p50 one_p99=$r_p99 one_err=$r_err
run_load list "$list_path"; list_rps=$r_rps list_p50=$r_p50 list_p99=$r_p99 list_err=$r_err
run_load search "$search_path"; search_rps=$r_rps search_p50=$r_p50 search_p99=$r_p99 search_err=$r_err

# Visits: creation (new id per request), a customer's visit list, the manager's review queue.
create_rps="" create_p50="" create_p99="" create_err=0 create_made=""
vlist_rps="" vlist_p50="" vlist_p99="" vlist_err=0 queue_rps="" queue_p50="" queue_p99="" queue_err=0
if [[ $ONLY_LIST_SEARCH == 1 ]]; then
    log "ONLY_LIST_SEARCH=1: no visit scenarios, no change feed"
    feed_state="skipped (ONLY_LIST_SEARCH=1)"
    for name in visit-create visit-list review-queue; do cpu_cols[$name]="n/a | n/a | n/a | n/a"; done
elif [[ $TOOL == wrk ]]; then
    cur_script="$bench_dir/wrk-visit.lua"
    run_load visit-create "$create_path" "$out/visit-create.targets" "$WRITE_WARMUP"
    create_rps=$r_rps create_p50=$r_p50 create_p99=$r_p99 create_err=$r_err create_made=$r_created
    cur_script="$bench_dir/wrk.lua"
else
    log "visit-create: skipped with hey (it cannot send a new visit id per request); use TOOL=wrk"
fi
if [[ $ONLY_LIST_SEARCH != 1 ]]; then
    run_load visit-list "$visit_list_path" "$out/visit-list.paths"
    vlist_rps=$r_rps vlist_p50=$r_p50 vlist_p99=$r_p99 vlist_err=$r_err
    cur_auth=$manager_auth
    run_load review-queue "$queue_path"; queue_rps=$r_rps queue_p50=$r_p50 queue_p99=$r_p99 queue_err=$r_err
    cur_auth=$auth
fi

# The whole change feed as the integrator, page after page (one client, as an ERP would pull it).
feed_rates="" feed_rows="" feed_rps="" feed_pages="" feed_secs="" feed_p50="" feed_p99="" feed_err=0 feed_complete="" feed_types=""
if [[ $feed_state == run ]]; then
    check_quiet feed
    log "change feed: pulling everything as $INTEGRATOR, limit $FEED_PAGE (FEED_MAX_ROWS=$FEED_MAX_ROWS FEED_MAX_SECONDS=$FEED_MAX_SECONDS)"
    python3 "$bench_dir/feed.py" "$api" "$integrator_token" "$FEED_PAGE" "$FEED_MAX_ROWS" "$FEED_MAX_SECONDS" >"$out/feed.txt" 2>"$out/feed.err" \
        || { cat "$out/feed.err" >&2; die "feed.py failed"; }
    line=$(grep '^RESULT ' "$out/feed.txt") || { cat "$out/feed.txt" "$out/feed.err" >&2; die "no RESULT line from feed.py"; }
    ffield() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$line"; }
    feed_rows=$(ffield rows) feed_rps=$(ffield rows_per_s) feed_pages=$(ffield pages) feed_secs=$(ffield seconds)
    feed_p50=$(ffield p50_ms) feed_p99=$(ffield p99_ms) feed_err=$(ffield errors) feed_complete=$(ffield complete)
    feed_types=$(sed -n 's/^types //p' "$out/feed.txt")
    feed_rates=$(sed -n 's/^rates //p' "$out/feed.txt")
    log "change feed: $feed_rows rows in $feed_pages pages, ${feed_secs}s, $feed_rps rows/s (page p99 $feed_p99 ms; $feed_types)"
fi

# ---------------------------------------------------------------- report
ratio="n/a" ratio_verdict="n/a"
if [[ -n $pg_tps ]]; then
    ratio=$(awk -v a="$one_rps" -v b="$pg_tps" 'BEGIN {printf "%.2f", a / b}')
    ratio_verdict=$(awk -v r="$ratio" 'BEGIN {print (r >= 0.25) ? "met" : "NOT met"}')
fi
wratio="n/a" wratio_verdict="n/a"
if [[ -n $pgw_tps && -n $create_rps ]]; then
    wratio=$(awk -v a="$create_rps" -v b="$pgw_tps" 'BEGIN {printf "%.2f", a / b}')
    wratio_verdict=$(awk -v r="$wratio" 'BEGIN {print (r >= 0.35) ? "met" : "NOT met"}')
fi
feed_verdict="n/a"
[[ -n $feed_rps ]] && feed_verdict=$(awk -v r="$feed_rps" 'BEGIN {print (r >= 20000) ? "met" : "NOT met"}')
p99_verdict() { awk -v p="$1" 'BEGIN {print (p < 50) ? "met" : "NOT met"}'; }
get_desc="random one of 1,000 own customers"
[[ $TOOL == hey ]] && get_desc="one own customer"
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n $(git -C "$root" status --porcelain -- src 2>/dev/null) ]]; then commit="$commit+uncommitted changes"; fi
java_version=$(java -version 2>&1 | head -1)
pg_version=$(pg_server)

{
    echo "# CRM API benchmark, $stamp"
    echo
    echo "- Machine: $(nproc) CPU cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM;"
    echo "  the load generator ($TOOL), the JVM and PostgreSQL share these cores, so every number is a"
    echo "  loopback, same-box figure, not what separate machines would do."
    echo "- $pg_version; $java_version; API commit $commit"
    echo "- Data: $dataset${load_seconds:+; loaded in ${load_seconds}s (customers and contacts ${load_customers_seconds}s, visits and reviews ${load_visits_seconds}s${load_sync_seconds:+, change log ${load_sync_seconds}s}, final VACUUM ANALYZE included)}"
    echo "- Load: $TOOL, $CONC connections, $THREADS threads; $JIT_WARMUP JIT warm-up, then per scenario $WARMUP warm-up and $DURATION measured;"
    echo "  all requests as $REP (group sales), who sees own customers + the public pool; the review queue as $MANAGER"
    echo "  (group manager), the change feed as $INTEGRATOR (group integration)."
    echo
    echo "CPU columns: milliseconds of CPU per request over the measured window, from /proc: **JVM** = the API's"
    echo "java process (all threads), **req. threads** = its executor and event-loop threads only (without the JIT"
    echo "compilers and GC: bench/out/cpu-threads-<scenario>.txt), **DB** = the PostgreSQL backends of the API's pool,"
    echo "**cluster** = every PostgreSQL process (other sessions' work included; for pgbench the only database figure)."
    echo
    echo "| scenario | request | req/s | p50 ms | p99 ms | errors | JVM CPU ms/req | req. threads | DB CPU ms/req | cluster CPU ms/req |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    echo "| get one customer | GET /api/v1/customers/{id} ($get_desc) | $one_rps | $one_p50 | $one_p99 | $one_err | ${cpu_cols[get-one]} |"
    echo "| rep's list, first page | GET $list_path | $list_rps | $list_p50 | $list_p99 | $list_err | ${cpu_cols[list]} |"
    echo "| name search | GET /api/v1/customers?q=$Q&limit=50 ($visible_matches visible matches) | $search_rps | $search_p50 | $search_p99 | $search_err | ${cpu_cols[search]} |"
    if [[ -n $create_rps ]]; then
        echo "| visit creation | POST /api/v1/customers/{id}/visits (new id each, random one of 1,000 own customers; $create_made created) | $create_rps | $create_p50 | $create_p99 | $create_err | ${cpu_cols[visit-create]} |"
    fi
    echo "| a customer's visits, first page | GET /api/v1/customers/{id}/visits ($visit_list_desc; limit 50) | $vlist_rps | $vlist_p50 | $vlist_p99 | $vlist_err | ${cpu_cols[visit-list]} |"
    echo "| review queue, first page | GET $queue_path as $MANAGER ($queue_desc) | $queue_rps | $queue_p50 | $queue_p99 | $queue_err | ${cpu_cols[review-queue]} |"
    if [[ -n $pg_tps ]]; then
        echo "| database ceiling | pgbench -S -c $CONC -j $THREADS, scale $PGBENCH_SCALE | $(printf '%.0f' "$pg_tps") tps | | $pg_p99 | | | | | ${pg_cpu:-n/a} |"
    fi
    if [[ -n $pgw_tps ]]; then
        echo "| write ceiling | pgbench (TPC-B-like) -c $CONC -j $THREADS, scale $PGBENCH_SCALE | $(printf '%.0f' "$pgw_tps") tps | | $pgw_p99 | | | | | ${pgw_cpu:-n/a} |"
    fi
    echo
    if [[ -n $feed_rps ]]; then
        echo "Change feed, whole, as $INTEGRATOR with limit $FEED_PAGE: $feed_rows rows ($feed_types) in $feed_pages pages,"
        echo "${feed_secs} s, **$feed_rps rows/s** (aim >= 20,000: $feed_verdict); page latency p50 $feed_p50 ms, p99 $feed_p99 ms;"
        echo "rate by page type (request time only, without the client's JSON parsing): $feed_rates; errors $feed_err$( ((feed_complete)) || echo "; stopped early (FEED_MAX_ROWS=$FEED_MAX_ROWS, FEED_MAX_SECONDS=$FEED_MAX_SECONDS): not the whole feed")."
    else
        echo "Change feed: $feed_state."
    fi
    echo
    echo "- get-one req/s / pgbench -S tps = **$ratio** (aim >= 0.25, issue 14: $ratio_verdict)"
    echo "- list p99 $list_p99 ms (aim < 50: $(p99_verdict "$list_p99")), search p99 $search_p99 ms (aim < 50: $(p99_verdict "$search_p99"))"
    echo "- visit creation req/s / pgbench TPC-B-like tps = **$wratio** (aim >= 0.35, issue 14: $wratio_verdict)"
    if [[ -n $pg_cpu && -n ${cpu_cols[get-one]:-} ]]; then
        echo "- CPU per request, get one customer: JVM + DB $(jvm_plus_db "${cpu_cols[get-one]}") ms vs pgbench -S $pg_cpu ms (cluster)"
    fi
    if [[ -n $pgw_cpu && -n ${cpu_cols[visit-create]:-} ]]; then
        echo "- CPU per request, visit creation: JVM + DB $(jvm_plus_db "${cpu_cols[visit-create]}") ms vs pgbench TPC-B-like $pgw_cpu ms (cluster)"
    fi
    [[ $PROFILE == 1 ]] && echo "- Profiles (JFR, one per scenario): ${prof_dir#"$root"/}/ (bench/profile-top.sh ${prof_dir#"$root"/})"
    if ((${#noise_notes[@]})); then
        echo
        echo "Other work was running on the machine (CPU busy without bench load), so these numbers are low:"
        printf -- '- %s\n' "${noise_notes[@]}"
    fi
} | tee "$results"
log "written to ${results#"$root"/}"
if (( one_err + list_err + search_err + create_err + vlist_err + queue_err + feed_err > 0 )); then
    log "WARNING: some requests failed; see bench/out/*.$TOOL.txt and bench/out/api.log"
fi
