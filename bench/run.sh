#!/usr/bin/env bash
# End-to-end benchmark of the CRM API on loopback; see bench/README.md.
#
#   bench/run.sh                      # load 1,000,000 customers, build if needed, measure
#   SKIP_LOAD=1 bench/run.sh          # reuse the data loaded by an earlier run
#   DURATION=30s CONC=32 bench/run.sh
#
# Environment (defaults in brackets):
#   DURATION [20s]  WARMUP [10s] (per scenario)  JIT_WARMUP [30s] (once, all requests mixed)  CONC [16]  THREADS [2] (load generator and pgbench -j)
#   TOOL [auto]     wrk or hey; auto prefers wrk (lighter on a small machine, random ids)
#   SKIP_LOAD [0]   1: keep the schema and data of an earlier run
#   CUSTOMERS [1000000]   size of the data set
#   BUILD [0]       1: run ./mvnw package -DskipTests even if the jar exists (it is built when missing)
#   SKIP_PGBENCH [0]  1: skip the pgbench ceiling
#   PGHOST [127.0.0.1] PGPORT [5432] PGUSER [postgres] BENCH_DB [postgres] SCHEMA [crm_bench]
#   PGBENCH_DB [bench_pgbench] PGBENCH_SCALE [10]
#   API_PORT [8089]  REP [rep001]  Q [新时代]  JAVA_OPTS []
#   QUIET_WAIT [0]  seconds to wait, before each measurement, for other work on the machine to end
set -euo pipefail

bench_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
root=$(cd -- "$bench_dir/.." && pwd)
out="$bench_dir/out"
mkdir -p "$out"

DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-10s}
JIT_WARMUP=${JIT_WARMUP:-30s}
CONC=${CONC:-16}
THREADS=${THREADS:-2}
TOOL=${TOOL:-auto}
SKIP_LOAD=${SKIP_LOAD:-0}
CUSTOMERS=${CUSTOMERS:-1000000}
BUILD=${BUILD:-0}
SKIP_PGBENCH=${SKIP_PGBENCH:-0}
export PGHOST=${PGHOST:-127.0.0.1}
export PGPORT=${PGPORT:-5432}
export PGUSER=${PGUSER:-postgres}
BENCH_DB=${BENCH_DB:-postgres}
SCHEMA=${SCHEMA:-crm_bench}
PGBENCH_DB=${PGBENCH_DB:-bench_pgbench}
PGBENCH_SCALE=${PGBENCH_SCALE:-10}
API_PORT=${API_PORT:-8089}
REP=${REP:-rep001}
Q=${Q:-新时代}
JAVA_OPTS=${JAVA_OPTS:-}
QUIET_WAIT=${QUIET_WAIT:-0}

api="http://127.0.0.1:$API_PORT"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
results="$out/results-$stamp.md"
jar="$root/target/quarkus-app/quarkus-run.jar"

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# CPU busy % over 2 s while this script sends no load (the API's own CPU use left out): other work
# on the machine, such as a build or a test run, skews the results.
proc_ticks() { # pid -> utime + stime, 0 if gone
    local f
    if [[ -n ${1:-} ]] && read -r -a f <"/proc/$1/stat" 2>/dev/null; then echo $((f[13] + f[14])); else echo 0; fi
}
background_cpu() {
    local u1 n1 s1 i1 w1 q1 sq1 st1 u2 n2 s2 i2 w2 q2 sq2 st2 a1 a2
    read -r _ u1 n1 s1 i1 w1 q1 sq1 st1 _ </proc/stat
    a1=$(proc_ticks "${api_pid:-}")
    sleep 2
    read -r _ u2 n2 s2 i2 w2 q2 sq2 st2 _ </proc/stat
    a2=$(proc_ticks "${api_pid:-}")
    local busy=$(( (u2 + n2 + s2 + q2 + sq2 + st2) - (u1 + n1 + s1 + q1 + sq1 + st1) ))
    local idle=$(( (i2 + w2) - (i1 + w1) ))
    local total=$(( busy + idle > 0 ? busy + idle : 1 ))
    busy=$(( busy - (a2 - a1) ))
    echo $(( busy < 0 ? 0 : 100 * busy / total ))
}
noise_notes=()
check_quiet() { # name; waits up to QUIET_WAIT seconds for the machine to calm down
    local pct waited=0
    pct=$(background_cpu)
    while (( pct > 15 && waited < QUIET_WAIT )); do
        ((waited == 0)) && log "machine ${pct}% busy with other work; waiting up to ${QUIET_WAIT}s before '$1'"
        sleep 8
        waited=$((waited + 10))
        pct=$(background_cpu)
    done
    if (( pct > 15 )); then
        log "WARNING: the machine is ${pct}% busy with other work before '$1'; results will be low"
        noise_notes+=("$1: ${pct}% CPU busy with other work just before it")
    fi
}

seconds() { # 20s / 2m / 20 -> seconds
    local d=$1
    case $d in
        *m) echo $(( ${d%m} * 60 )) ;;
        *s) echo "${d%s}" ;;
        *) echo "$d" ;;
    esac
}
[[ $(seconds "$DURATION") =~ ^[1-9][0-9]*$ ]] || die "DURATION must look like 20s or 2m: $DURATION"
[[ $(seconds "$WARMUP") =~ ^[0-9]+$ ]] || die "WARMUP must look like 10s: $WARMUP"
[[ $(seconds "$JIT_WARMUP") =~ ^[0-9]+$ ]] || die "JIT_WARMUP must look like 30s: $JIT_WARMUP"
[[ $CONC =~ ^[1-9][0-9]*$ ]] || die "CONC must be a positive integer: $CONC"

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

psql_q() { psql -X -q -v ON_ERROR_STOP=1 -d "$BENCH_DB" "$@"; }
psql_v() { psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$BENCH_DB" -c "SET search_path = $SCHEMA, public" -c "$1"; }

psql -X -q -d "$BENCH_DB" -c 'SELECT 1' >/dev/null 2>&1 \
    || die "cannot reach PostgreSQL at $PGHOST:$PGPORT as $PGUSER (database $BENCH_DB)"

# ---------------------------------------------------------------- data
load_seconds=""
if [[ $SKIP_LOAD == 1 ]]; then
    log "SKIP_LOAD=1: reusing schema $SCHEMA"
    [[ $(psql_v "SELECT count(*) FROM customer" 2>/dev/null || echo 0) -gt 0 ]] \
        || die "schema $SCHEMA has no customers; run without SKIP_LOAD first"
else
    log "recreating schema $SCHEMA in database $BENCH_DB"
    psql_q -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" -c "CREATE SCHEMA $SCHEMA" 2>&1 | grep -v '^NOTICE' || true
    # Flyway order: versioned migrations by version number, then repeatable ones by name.
    mapfile -t migrations < <(
        for f in "$root"/src/main/resources/db/migration/V*__*.sql; do
            v=${f##*/V}; v=${v%%__*}; printf '%s\t%s\n' "${v//_/.}" "$f"
        done | sort -t $'\t' -k1,1V | cut -f2
        ls "$root"/src/main/resources/db/migration/R__*.sql 2>/dev/null | sort || true
    )
    ((${#migrations[@]})) || die "no migrations found in src/main/resources/db/migration"
    for f in "${migrations[@]}"; do
        log "applying ${f##*/}"
        { echo "SET search_path = $SCHEMA, public;"; cat "$f"; } | psql_q -1 -f - >/dev/null 2>"$out/migrate.err" \
            || { cat "$out/migrate.err" >&2; die "migration ${f##*/} failed"; }
    done
    log "loading $CUSTOMERS customers with bench/load.sql (a minute or two)"
    t0=$(date +%s)
    psql -X -v ON_ERROR_STOP=1 -d "$BENCH_DB" -v schema="$SCHEMA" -v customers="$CUSTOMERS" \
        -f "$bench_dir/load.sql" >"$out/load.log" 2>&1 || { tail -20 "$out/load.log" >&2; die "load failed"; }
    load_seconds=$(( $(date +%s) - t0 ))
    log "loaded in ${load_seconds}s (details: bench/out/load.log)"
fi
dataset=$(psql_v "SELECT format('%s customers (%s in the public pool), %s contacts, %s users, %s teams',
                  (SELECT count(*) FROM customer), (SELECT count(*) FROM customer WHERE owner_id IS NULL),
                  (SELECT count(*) FROM contact), (SELECT count(*) FROM app_user), (SELECT count(*) FROM team))")
log "data set: $dataset"

# ---------------------------------------------------------------- pgbench ceiling
pg_tps="" pg_p99=""
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
    if (( $(seconds "$WARMUP") > 0 )); then
        log "pgbench warm-up $WARMUP"
        pgbench -S -n -c "$CONC" -j "$THREADS" -T "$(seconds "$WARMUP")" "$PGBENCH_DB" >/dev/null 2>&1
    fi
    check_quiet pgbench
    log "pgbench -S -c $CONC -j $THREADS -T $(seconds "$DURATION")"
    rm -f "$out"/pgbench_log.*
    (cd "$out" && pgbench -S -n -c "$CONC" -j "$THREADS" -T "$(seconds "$DURATION")" -l --log-prefix=pgbench_log \
        "$PGBENCH_DB") >"$out/pgbench.log" 2>&1 || { cat "$out/pgbench.log" >&2; die "pgbench failed"; }
    pg_tps=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time).*/\1/p' "$out/pgbench.log")
    # Per-transaction log: column 3 is the latency in microseconds.
    pg_p99=$(cat "$out"/pgbench_log.* | awk '{print $3}' | sort -n \
        | awk '{a[NR]=$1} END {if (NR) {i=int(NR*0.99); if (i<1) i=1; printf "%.2f", a[i]/1000}}')
    rm -f "$out"/pgbench_log.*
    log "pgbench: $pg_tps tps, p99 $pg_p99 ms"
}
if [[ $SKIP_PGBENCH != 1 ]]; then run_pgbench; fi

# ---------------------------------------------------------------- the API
if [[ $BUILD == 1 || ! -f $jar ]]; then
    log "building the API (./mvnw -q package -DskipTests)"
    (cd "$root" && ./mvnw -q package -DskipTests) || die "build failed"
fi
[[ -f $jar ]] || die "no jar at $jar"

# A key pair of the bench's own; the API trusts only its public half.
if [[ ! -f $out/jwt-private.pem || ! -f $out/jwt-public.pem ]]; then
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$out/jwt-private.pem" 2>/dev/null
    openssl pkey -in "$out/jwt-private.pem" -pubout -out "$out/jwt-public.pem"
fi

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
mint_token() { # login -> RS256 JWT valid for 2 hours
    local login=$1 now header payload signature
    now=$(date +%s)
    header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
    payload=$(printf '{"iss":"https://crm.example.com","aud":"crm-api","upn":"%s","sub":"%s","groups":["sales"],"iat":%d,"exp":%d,"jti":"bench-%s-%d"}' \
        "$login" "$login" "$now" $((now + 7200)) "$login" "$now" | b64url)
    signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$out/jwt-private.pem" -binary | b64url)
    printf '%s.%s.%s' "$header" "$payload" "$signature"
}

api_pid=""
cleanup() {
    if [[ -n $api_pid ]] && kill -0 "$api_pid" 2>/dev/null; then
        log "stopping the API (pid $api_pid)"
        kill "$api_pid" 2>/dev/null || true
        for _ in $(seq 1 30); do kill -0 "$api_pid" 2>/dev/null || break; sleep 0.5; done
        kill -9 "$api_pid" 2>/dev/null || true
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if curl -s -o /dev/null "$api/q/health/ready"; then
    die "something already listens on port $API_PORT; stop it or set API_PORT"
fi
log "starting the API on port $API_PORT (log: bench/out/api.log)"
# Flyway does not run: the schema was migrated above, and Hibernate still validates the mapping.
# shellcheck disable=SC2086
QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$BENCH_DB?currentSchema=$SCHEMA,public" \
QUARKUS_DATASOURCE_USERNAME="$PGUSER" \
QUARKUS_DATASOURCE_PASSWORD="${PGPASSWORD:-}" \
QUARKUS_FLYWAY_MIGRATE_AT_START=false \
QUARKUS_HTTP_PORT="$API_PORT" \
MP_JWT_VERIFY_PUBLICKEY_LOCATION="$out/jwt-public.pem" \
MP_JWT_VERIFY_ISSUER=https://crm.example.com \
MP_JWT_VERIFY_AUDIENCES=crm-api \
    java $JAVA_OPTS -jar "$jar" >"$out/api.log" 2>&1 &
api_pid=$!
for i in $(seq 1 120); do
    if curl -sf -o /dev/null "$api/q/health/ready"; then break; fi
    kill -0 "$api_pid" 2>/dev/null || { tail -30 "$out/api.log" >&2; die "the API exited during start-up"; }
    ((i < 120)) || { tail -30 "$out/api.log" >&2; die "the API was not ready after 120 s"; }
    sleep 1
done
log "API ready"

token=$(mint_token "$REP")
auth="Authorization: Bearer $token"
rep_id=$(psql_v "SELECT id FROM app_user WHERE login = '$REP' AND active")
[[ -n $rep_id ]] || die "no active user $REP in $SCHEMA"

urlencode() {
    local LC_ALL=C s=$1 i c h enc=""
    for ((i = 0; i < ${#s}; i++)); do
        c=${s:i:1}
        case $c in
            [a-zA-Z0-9.~_-]) enc+=$c ;;
            *) printf -v h '%%%02X' "'$c"; enc+=$h ;;
        esac
    done
    printf '%s' "$enc"
}

# Get-one: 1,000 customers the rep owns, one picked at random per request (hey: the first only).
psql_v "SELECT '/api/v1/customers/' || id FROM customer WHERE owner_id = '$rep_id' ORDER BY md5(id::text) LIMIT 1000" \
    >"$out/get-one.paths"
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

# run_load NAME PATH [PATHS_FILE] -> sets r_rps r_p50 r_p99 r_err
run_load() {
    local name=$1 path=$2 paths_file=${3:-} raw="$out/$1.$TOOL.txt"
    if (( $(seconds "$WARMUP") > 0 )); then
        log "$name: warm-up $WARMUP"
        load_once "$path" "$paths_file" "$WARMUP" >/dev/null 2>&1 || true
    fi
    check_quiet "$name"
    log "$name: $TOOL -c $CONC for $DURATION"
    load_once "$path" "$paths_file" "$DURATION" >"$raw" 2>&1 || { cat "$raw" >&2; die "$TOOL failed"; }
    if [[ $TOOL == wrk ]]; then
        local line
        line=$(grep '^RESULT ' "$raw") || { cat "$raw" >&2; die "no RESULT line from wrk"; }
        field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$line"; }
        r_rps=$(field rps)
        r_p50=$(awk -v u="$(field p50_us)" 'BEGIN {printf "%.2f", u / 1000}')
        r_p99=$(awk -v u="$(field p99_us)" 'BEGIN {printf "%.2f", u / 1000}')
        r_err=$(( $(field non2xx) + $(field connect_errors) + $(field read_errors) + $(field write_errors) + $(field timeouts) ))
    else
        r_rps=$(sed -n 's/^[[:space:]]*Requests\/sec:[[:space:]]*\([0-9.]*\).*/\1/p' "$raw")
        r_p50=$(awk '/ 50% in / {printf "%.2f", $3 * 1000}' "$raw")
        r_p99=$(awk '/ 99% in / {printf "%.2f", $3 * 1000}' "$raw")
        # Every response that is not a 200, plus transport errors.
        r_err=$(awk '/^Status code distribution:/ {s=1; next} s && /\[[0-9]+\]/ {gsub(/[\[\]]/, "", $1); if ($1 != 200) n += $2}
                     /^Error distribution:/ {e=1; next} e && /\[[0-9]+\]/ {gsub(/[\[\]]/, "", $1); n += $1}
                     END {print n + 0}' "$raw")
    fi
    r_rps=$(printf '%.0f' "$r_rps")
    log "$name: $r_rps req/s, p50 $r_p50 ms, p99 $r_p99 ms, errors $r_err"
}
load_once() { # path paths_file duration
    if [[ $TOOL == wrk ]]; then
        wrk -t "$THREADS" -c "$CONC" -d "$3" --timeout 10s -H "$auth" -s "$bench_dir/wrk.lua" "$api$1" -- "$2"
    else
        # hey sends Content-Type: text/html by default, which a JSON resource may answer with 415.
        hey -z "$3" -c "$CONC" -t 10 -T application/json -H "$auth" "$api$1"
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

# ---------------------------------------------------------------- report
ratio="n/a" ratio_verdict="n/a"
if [[ -n $pg_tps ]]; then
    ratio=$(awk -v a="$one_rps" -v b="$pg_tps" 'BEGIN {printf "%.2f", a / b}')
    ratio_verdict=$(awk -v r="$ratio" 'BEGIN {print (r >= 0.5) ? "met" : "NOT met"}')
fi
p99_verdict() { awk -v p="$1" 'BEGIN {print (p < 50) ? "met" : "NOT met"}'; }
get_desc="random one of 1,000 own customers"
[[ $TOOL == hey ]] && get_desc="one own customer"
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n $(git -C "$root" status --porcelain -- src 2>/dev/null) ]]; then commit="$commit+uncommitted changes"; fi
java_version=$(java -version 2>&1 | head -1)
pg_version=$(psql -X -A -t -d "$BENCH_DB" -c "SELECT split_part(version(), ' on ', 1)")

{
    echo "# CRM API benchmark, $stamp"
    echo
    echo "- Machine: $(nproc) CPU cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM;"
    echo "  the load generator ($TOOL), the JVM and PostgreSQL share these cores, so every number is a"
    echo "  loopback, same-box figure, not what separate machines would do."
    echo "- $pg_version; $java_version; API commit $commit"
    echo "- Data: $dataset${load_seconds:+; loaded in ${load_seconds}s}"
    echo "- Load: $TOOL, $CONC connections, $THREADS threads; $JIT_WARMUP JIT warm-up, then per scenario $WARMUP warm-up and $DURATION measured;"
    echo "  all requests as $REP (group sales), who sees own customers + the public pool."
    echo
    echo "| scenario | request | req/s | p50 ms | p99 ms | errors |"
    echo "|---|---|---:|---:|---:|---:|"
    echo "| get one customer | GET /api/v1/customers/{id} ($get_desc) | $one_rps | $one_p50 | $one_p99 | $one_err |"
    echo "| rep's list, first page | GET $list_path | $list_rps | $list_p50 | $list_p99 | $list_err |"
    echo "| name search | GET /api/v1/customers?q=$Q&limit=50 ($visible_matches visible matches) | $search_rps | $search_p50 | $search_p99 | $search_err |"
    if [[ -n $pg_tps ]]; then
        echo "| database ceiling | pgbench -S -c $CONC -j $THREADS, scale $PGBENCH_SCALE | $(printf '%.0f' "$pg_tps") tps | | $pg_p99 | |"
    fi
    echo
    echo "- get-one req/s / pgbench -S tps = **$ratio** (aim >= 0.5: $ratio_verdict)"
    echo "- list p99 $list_p99 ms (aim < 50: $(p99_verdict "$list_p99")), search p99 $search_p99 ms (aim < 50: $(p99_verdict "$search_p99"))"
    if ((${#noise_notes[@]})); then
        echo
        echo "Other work was running on the machine (CPU busy without bench load), so these numbers are low:"
        printf -- '- %s\n' "${noise_notes[@]}"
    fi
} | tee "$results"
log "written to ${results#"$root"/}"
if (( one_err + list_err + search_err > 0 )); then
    log "WARNING: some requests failed; see bench/out/*.$TOOL.txt and bench/out/api.log"
fi
