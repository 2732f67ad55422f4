#!/usr/bin/env bash
# Where a claim's database CPU goes (bench/README.md, eighteenth round): the claim's two statements as the jar
# sends them (bench/ClaimSql.java), replayed by pgbench as bench/conflict.sh replays them, once as they are and
# once per variant with some of the second statement's writes left out (their CTE's body becomes SELECT 1, which
# PostgreSQL does not run). Each variant claims customers of its own from the public pool; CPU per claim is the
# cluster's (every PostgreSQL process, as bench/conflict.sh's replay reports it), so run it with nothing else
# on the database, the API included.
#
#   bench/conflict.sh; bench/claim-parts.sh       # conflict.sh loads the data (or SKIP_LOAD=1 with a loaded copy)
#
# Environment (defaults in brackets), besides bench/lib.sh's (CONC [16] THREADS [2] JAR PGHOST PGPORT PGUSER
# BENCH_DB [postgres] SCHEMA [crm_bench]):
#   VARIANTS ["full noinserts:history,logged,feed nofeed:feed locks"]
#            name:cte,cte... (the CTEs: history, logged, feed); "locks" sends the first statement only (the
#            user's and the customer's row locks). Each claiming variant takes (WARMUP + DURATION) x its tps
#            customers from the pool (a 1M copy has 200,000: four variants of 30 s at 1,700 claims/s run out)
#   DURATION [20s] WARMUP [10s]  per variant
#   SETTLE [1]  1: before each variant, drain the name index's pending list (the API does it every second, V42)
#               and VACUUM the tables a claim writes (the bench cluster runs without autovacuum), so that one
#               variant does not leave the next its dead rows and pending entries; 0: neither
# Output: bench/out/claim-parts-<stamp>.md
set -euo pipefail

bench_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
root=$(cd -- "$bench_dir/.." && pwd)
out="$bench_dir/out"
mkdir -p "$out"
VARIANTS=${VARIANTS:-full noinserts:history,logged,feed nofeed:feed locks}
SETTLE=${SETTLE:-1}
# shellcheck source=bench/lib.sh
. "$bench_dir/lib.sh"

for t in psql pgbench java python3; do command -v "$t" >/dev/null || die "$t is needed"; done
[[ -f $jar ]] || die "no jar at $jar (./mvnw package -DskipTests, or JAR=...)"
[[ $(seconds "$DURATION") =~ ^[1-9][0-9]*$ && $(seconds "$WARMUP") =~ ^[0-9]+$ ]] || die "DURATION and WARMUP must look like 20s"
[[ $SETTLE == 0 || $SETTLE == 1 ]] || die "SETTLE must be 0 or 1: $SETTLE"
work="$out/claim-parts-$stamp"
mkdir -p "$work"
mapfile -t claim_sql < <(java -cp "$(dirname "$jar")/app/*:$(dirname "$jar")/lib/main/*" "$bench_dir/ClaimSql.java")
((${#claim_sql[@]} == 2)) || die "the jar's claim statements could not be read"

# The second statement with the named CTEs' bodies replaced by SELECT 1 (quotes skipped when matching parentheses).
without() { # ctes (comma-separated)
    printf '%s' "${claim_sql[1]}" | python3 -c '
import re, sys
sql = sys.stdin.read()
for name in filter(None, sys.argv[1].split(",")):
    m = re.search(r"\b" + name + r" AS \(", sql)
    if not m:
        sys.exit("no CTE named " + name)
    i, depth, quoted = m.end(), 1, False
    while depth:
        c = sql[i]
        quoted = not quoted if c == "\x27" else quoted
        depth += 0 if quoted else (c == "(") - (c == ")")
        i += 1
    sql = sql[:m.end()] + "SELECT 1" + sql[i - 1:]
print(sql)' "$1"
}

per_claim=$(( 2500 * ($(seconds "$WARMUP") + $(seconds "$DURATION")) )) # more than this box claims per second
claiming=0
for v in $VARIANTS; do [[ ${v%%:*} == locks ]] || claiming=$((claiming + 1)); done
psql_q -c "DROP SCHEMA IF EXISTS claim_parts CASCADE" -c "CREATE SCHEMA claim_parts" \
    -c "CREATE SEQUENCE claim_parts.next" -c "CREATE SEQUENCE claim_parts.locked" \
    -c "CREATE TABLE claim_parts.ids AS SELECT row_number() OVER () AS n, id FROM (SELECT id FROM $SCHEMA.customer
        WHERE owner_id IS NULL AND NOT archived ORDER BY md5(id::text) LIMIT $((per_claim * claiming))) p" \
    -c "CREATE UNIQUE INDEX ON claim_parts.ids (n)" \
    -c "CREATE TABLE claim_parts.reps AS SELECT row_number() OVER (ORDER BY login) - 1 AS n, id FROM $SCHEMA.app_user
        WHERE login LIKE 'rep%' ORDER BY login LIMIT $CONC" >/dev/null
pool=$(psql_v "SELECT count(*) FROM claim_parts.ids")
((pool >= per_claim)) || die "only $pool pool customers: load a fresh copy"
reps=$(psql_v "SELECT count(*) FROM claim_parts.reps")
((reps == CONC)) || die "$reps loaded reps (rep...) for $CONC clients"

rows=()
k=0
for v in $VARIANTS; do
    k=$((k + 1))
    name=${v%%:*} ctes=""
    [[ $v == *:* ]] && ctes=${v#*:}
    if [[ $name == locks ]]; then
        # The locks claim nothing: the same thousand customers over and over (in the pool or not, locked alike).
        next="(SELECT nextval('claim_parts.locked') % 1000 + 1)" second=""
    else
        next="(SELECT nextval('claim_parts.next'))" second="$(without "$ctes");"
    fi
    base="$work/$k-$name"
    script="$base.sql"
    cat >"$script" <<SQL
$(claim_gset claim_parts "$next" claim-parts)
BEGIN;
${claim_sql[0]};
$second
COMMIT;
SQL
    if ((SETTLE)); then
        psql_v "SELECT customer_search_drain()" >/dev/null
        psql_q -c "SET search_path = $SCHEMA, public" -c "VACUUM customer, customer_history, customer_owner_change, customer_held, sync_change"
    fi
    pg() { PGOPTIONS="-c search_path=$SCHEMA,public" pgbench -n -M prepared -f "$script" -c "$CONC" -j "$THREADS" "$@" "$BENCH_DB"; }
    if (( $(seconds "$WARMUP") > 0 )); then
        pg -T "$(seconds "$WARMUP")" >"$base-warmup.log" 2>&1 || { cat "$base-warmup.log" >&2; die "pgbench ($name) failed (the pool ran out?)"; }
    fi
    check_quiet "$name"
    log "$name: pgbench -c $CONC -T $(seconds "$DURATION")"
    rm -f "$work"/pgbench_log.*
    claimed0=$(psql_v "SELECT count(*) FROM customer WHERE updated_by = 'claim-parts'")
    cpu_begin
    (cd "$work" && pg -T "$(seconds "$DURATION")" -l --log-prefix=pgbench_log) >"$base.log" 2>&1 \
        || { cat "$base.log" >&2; die "pgbench ($name) failed (the pool ran out?)"; }
    done_n=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$base.log")
    [[ $done_n =~ ^[1-9][0-9]*$ ]] || die "pgbench ($name) ran no transaction ($base.log)"
    sleep 1 # pgbench's backends have ended and the postmaster has reaped them: their CPU is in its children's
    cpu_end "$done_n"
    tps=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time).*/\1/p' "$base.log")
    if [[ $name != locks ]]; then
        # A variant that stopped claiming would look cheap: its transactions must have moved customers. Not every
        # one: the loaded ownership log has reps who released a pool customer within the cool-down (about 1 in
        # 20,000 claims here is refused).
        claimed=$(( $(psql_v "SELECT count(*) FROM customer WHERE updated_by = 'claim-parts'") - claimed0 ))
        ((claimed * 100 >= done_n * 99)) || die "$name claimed $claimed customers in $done_n transactions"
    fi
    read -r p50 p99 < <(pgbench_latencies "$work" 1)
    cpu=${r_cpu_cluster:-n/a}
    log "$name: $(printf '%.0f' "$tps") tps, p50 $p50 ms, p99 $p99 ms, $cpu ms of CPU a claim"
    left=${ctes:-nothing}
    [[ $name == locks ]] && left="the second statement"
    rows+=("| $name | $left | $(printf '%.0f' "$tps") | $p50 | $p99 | $cpu |")
done
psql_q -c "DROP SCHEMA claim_parts CASCADE" >/dev/null

report="$out/claim-parts-$stamp.md"
{
    echo "# A claim's parts, $stamp"
    echo
    echo "- $(pg_server); jar $jar; $CONC pgbench clients, $THREADS threads; $WARMUP warm-up and $DURATION per variant;"
    echo "  $( ((SETTLE)) && echo "pending list drained and the claim's tables vacuumed before each" || echo "nothing settled between variants")"
    echo "- CPU = every PostgreSQL process's CPU time over the window per transaction (bench/lib.sh's cluster"
    echo "  figure, as conflict.sh's replay reports it: other sessions' work included, so run nothing else)"
    ((${#noise_notes[@]})) && printf -- '- busy machine: %s\n' "${noise_notes[@]}"
    echo
    echo "| variant | left out | tps | p50 ms | p99 ms | CPU ms a claim |"
    echo "|---|---|---:|---:|---:|---:|"
    printf '%s\n' "${rows[@]}"
} >"$report"
cat "$report"
log "written to $report"
