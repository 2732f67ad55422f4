#!/usr/bin/env bash
# SQL statements per request, per scenario: a count that does not depend on the machine's load, so
# two builds can be compared on a busy machine where wall-clock figures cannot (see bench/README.md).
#
#   JARS="/tmp/before/quarkus-run.jar target/quarkus-app/quarkus-run.jar" bench/statements.sh
#
# Needs the data of an earlier bench/run.sh (SKIP_LOAD semantics: the schema is reused as it is).
# Each jar runs with log_statement=all on its own sessions only; the statements the server logs
# while 50 requests of a scenario run (after 10 warm-ups, one at a time) are counted.
# Environment: SCENARIOS [get_one list search contacts visits queue create conflict claim]  JARS [the default jar]  PG_LOG [/var/log/postgresql/postgresql-<version>-main.log]
#   REP [rep001]  MANAGER [mgr01]  plus bench/lib.sh's settings.
# With RATE_LIMITS=on (bench/lib.sh's default since 2026-12-05) the rate limiter's statements are counted too, as
# production sends them: since V53 one take per up to 100 requests of a caller and class (a lease), so a scenario's
# 50 requests hold at most one, and only some scenarios any; RATE_LIMITS=off gives counts without it, comparable
# with the figures in bench/README.md before 2026-12-05.
set -uo pipefail

bench_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
root=$(cd -- "$bench_dir/.." && pwd)
out="$bench_dir/out"
mkdir -p "$out"
REP=${REP:-rep001}
MANAGER=${MANAGER:-mgr01}
# shellcheck source=bench/lib.sh
. "$bench_dir/lib.sh"
trap '[[ -n $api_pid ]] && kill "$api_pid" 2>/dev/null' EXIT

JARS=${JARS:-$jar}
PG_LOG=${PG_LOG:-/var/log/postgresql/postgresql-$(ls /etc/postgresql | sort -V | tail -n 1)-main.log}
[[ -r $PG_LOG ]] || die "cannot read the server log $PG_LOG (logging to stderr, as Debian's clusters do); set PG_LOG"
ensure_keys
# Only this database's lines (log_line_prefix '%m [%p] %q%u@%d '): other helpers' runs share the server log.
statements() { grep -cE "@$BENCH_DB LOG:  (statement|execute)" "$PG_LOG" || true; }

for jar in $JARS; do
    [[ -f $jar ]] || die "no jar $jar"
    start_api QUARKUS_DATASOURCE_JDBC_ADDITIONAL_JDBC_PROPERTIES_OPTIONS="-c log_statement=all" \
        CRM_RATE_LIMIT_READS_REQUESTS=100000000 CRM_RATE_LIMIT_WRITES_REQUESTS=100000000 \
        CRM_CLAIM_MAX_CUSTOMERS_PER_REP=10000000
    auth="Authorization: Bearer $(mint_token "$REP")"
    manager_auth="Authorization: Bearer $(mint_token "$MANAGER" '["manager"]')"
    rep_id=$(psql_v "SELECT id FROM app_user WHERE login = '$REP'")
    # 60 of the rep's customers with a contact: "customer contact" per line.
    mapfile -t targets < <(psql_v "SELECT c.id || ' ' || (SELECT k.id FROM contact k WHERE k.customer_id = c.id
            AND NOT k.archived ORDER BY k.created_at, k.id LIMIT 1) FROM customer c WHERE c.owner_id = '$rep_id'
            AND EXISTS (SELECT 1 FROM contact k WHERE k.customer_id = c.id AND NOT k.archived)
            ORDER BY md5(c.id::text) LIMIT 60")
    ((${#targets[@]} == 60)) || die "$REP owns fewer than 60 customers with a contact"
    customer() { echo "${targets[$1]% *}"; }
    # 60 customers of the pool for the claims (each jar claims its own), 60 names of others' customers to check.
    mapfile -t pool < <(psql_v "SELECT id FROM customer WHERE owner_id IS NULL AND NOT archived ORDER BY md5(id::text || '$jar') LIMIT 60")
    mapfile -t names < <(psql_v "SELECT name FROM customer WHERE owner_id <> '$rep_id' AND NOT archived ORDER BY md5(id::text) LIMIT 60")
    ((${#pool[@]} == 60 && ${#names[@]} == 60)) || die "fewer than 60 pool customers or names to check"
    get() { curl -s -o /dev/null -w '%{http_code}' -H "${3:-$auth}" "$api$2"; }
    get_one() { get "$1" "/api/v1/customers/$(customer "$1")"; }
    list() { get "$1" "/api/v1/customers?limit=50"; }
    search() { get "$1" "/api/v1/customers?q=$(urlencode 新时代)&limit=50"; }
    contacts() { get "$1" "/api/v1/customers/$(customer "$1")/contacts"; }
    visits() { get "$1" "/api/v1/customers/$(customer "$1")/visits"; }
    queue() { get "$1" "/api/v1/reviews/queue" "$manager_auth"; }
    create() {
        curl -s -o /dev/null -w '%{http_code}' -H "$auth" -H 'Content-Type: application/json' --data-binary @- \
            "$api/api/v1/customers/$(customer "$1")/visits" <<JSON
{"id":"$(cat /proc/sys/kernel/random/uuid)","contactIds":["${targets[$1]#* }"],"visitedAt":"$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M:%SZ)","channel":"PHONE",
 "notes":"下午电话沟通了四十分钟，对接人是行政主管，对方公司规模约三百人，重点问了产品价格、付款方式能否分三期以及售后响应时间，目前犹豫的原因是预算要到下个季度才批，老板还没有最终表态。下一步：三天内发送正式报价单和合同模板。",
 "nextStep":"三天内发送正式报价单和合同模板","nextStepDate":"$(date -u -d '+3 days' +%Y-%m-%d)"}
JSON
    }
    conflict() {
        curl -s -o /dev/null -w '%{http_code}' -H "$auth" -H 'Content-Type: application/json' \
            --data-binary "{\"name\":\"${names[$1]}\"}" "$api/api/v1/conflict-checks"
    }
    claim() { curl -s -o /dev/null -w '%{http_code}' -X POST -H "$auth" "$api/api/v1/customers/${pool[$1]}/claim"; }
    for scenario in ${SCENARIOS:-get_one list search contacts visits queue create conflict claim}; do
        for i in $(seq 0 9); do "$scenario" "$i" >/dev/null; done
        sleep 1
        before=$(statements) bad=0
        for i in $(seq 10 59); do
            code=$("$scenario" "$i")
            [[ $code == 20[01] ]] || bad=$((bad + 1))
        done
        sleep 1
        ((bad == 0)) || die "$scenario: $bad requests were not answered 200/201"
        printf '%s\t%s\t%s statements/request\n' "${jar#"$root/"}" "$scenario" \
            "$(awk -v d=$(($(statements) - before)) 'BEGIN {printf "%.1f", d / 50}')"
    done
    kill "$api_pid"; wait "$api_pid" 2>/dev/null; api_pid=""
    sleep 2
done
