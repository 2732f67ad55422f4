# Shared parts of bench/run.sh and bench/conflict.sh (sourced, not run): settings common to both,
# logging, the busy-machine check, loading the data set, starting the API and minting tokens.
# Expects bench_dir, root and out to be set by the sourcing script.

export PGHOST=${PGHOST:-127.0.0.1}
export PGPORT=${PGPORT:-5432}
export PGUSER=${PGUSER:-postgres}
BENCH_DB=${BENCH_DB:-postgres}
SCHEMA=${SCHEMA:-crm_bench}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-10s}
CONC=${CONC:-16}
THREADS=${THREADS:-2}
SKIP_LOAD=${SKIP_LOAD:-0}
CUSTOMERS=${CUSTOMERS:-1000000}
BUILD=${BUILD:-0}
API_PORT=${API_PORT:-8089}
JAVA_OPTS=${JAVA_OPTS:-}
QUIET_WAIT=${QUIET_WAIT:-0}
# on: the rate limiter counts every request, as it does in production (crm.rate-limit.enabled defaults to
# true), with budgets no bench caller reaches; off: nothing is counted (every round before the 2026-12-05
# tenth: their figures leave out the limiter's cost)
RATE_LIMITS=${RATE_LIMITS:-on}
# The API's interactive pool (crm.db.max-connections; empty: the application's default, 20). On this 2-core box
# the database shares the cores with the API and the load generator: 6 gave the name search and the list a lower
# p99 than 20, and claims a higher one (bench/README, eleventh round). Rounds before it used the default.
DB_POOL=${DB_POOL:-}
# 1: the API runs with Java Flight Recorder and each measured window is kept as bench/out/profile-<stamp>/<scenario>.jfr
# (bench/profile-top.sh prints the top frames). The recorder costs CPU (light reads' request threads up to ~2x
# in one comparison): take CPU figures from runs without it.
PROFILE=${PROFILE:-0}
PROFILE_PERIOD=${PROFILE_PERIOD:-2 ms} # Java execution sampling period (JFR's profile settings: 10 ms)
# The migrations applied to the empty schema: the source tree's, unless told otherwise (bench/conflict.sh
# takes those inside JAR when JAR is set, so that schema and API always match).
MIGRATIONS=${MIGRATIONS:-}

api="http://127.0.0.1:$API_PORT"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
jar_default="$root/target/quarkus-app/quarkus-run.jar"
jar=${JAR:-$jar_default}

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
[[ $RATE_LIMITS == on || $RATE_LIMITS == off ]] || die "RATE_LIMITS must be on or off: $RATE_LIMITS"

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
    else
        log "machine quiet before '$1' (${pct}% busy with other work)"
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

psql_q() { psql -X -q -v ON_ERROR_STOP=1 -d "$BENCH_DB" "$@"; }
psql_v() { psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$BENCH_DB" -c "SET search_path = $SCHEMA, public" -c "$1"; }
# The server's version and the settings that moved figures between rounds (shared_buffers: the leaderboard's
# database CPU 15% apart between 128 MB and 4 GB; autovacuum: V55), for each report's header.
pg_server() {
    psql -X -A -t -d "$BENCH_DB" -c "SELECT split_part(version(), ' on ', 1) || ' (' || string_agg(name || ' ' || current_setting(name),
        ', ' ORDER BY name) || ')' FROM pg_settings WHERE name IN ('shared_buffers',
        'max_wal_size', 'checkpoint_timeout', 'autovacuum', 'work_mem', 'jit')"
}

# ---------------------------------------------------------------- data
# load_data VISITS -> sets load_seconds load_customers_seconds load_visits_seconds load_sync_seconds
# Drops and recreates the schema, applies the migrations, loads customers and contacts (load.sql, with
# the conflict keys when the schema has their tables), VISITS visits (load-visits.sql) and the change log.
load_seconds="" load_customers_seconds="" load_visits_seconds="" load_sync_seconds=""
load_data() {
    local visits=$1 migration_dir=${MIGRATIONS:-$root/src/main/resources/db/migration} f v t0 t1 t2 with_visits
    log "recreating schema $SCHEMA in database $BENCH_DB"
    psql_q -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" -c "CREATE SCHEMA $SCHEMA" 2>&1 | grep -v '^NOTICE' || true
    # Flyway order: versioned migrations by version number, then repeatable ones by name.
    mapfile -t migrations < <(
        for f in "$migration_dir"/V*__*.sql; do
            [[ -e $f ]] || continue
            v=${f##*/V}; v=${v%%__*}; printf '%s\t%s\n' "${v//_/.}" "$f"
        done | sort -t $'\t' -k1,1V | cut -f2
        ls "$migration_dir"/R__*.sql 2>/dev/null | sort || true
    )
    ((${#migrations[@]})) || die "no migrations found in $migration_dir"
    for f in "${migrations[@]}"; do
        log "applying ${f##*/}"
        { echo "SET search_path = $SCHEMA, public;"; cat "$f"; } | psql_q -1 -f - >/dev/null 2>"$out/migrate.err" \
            || { cat "$out/migrate.err" >&2; die "migration ${f##*/} failed"; }
    done
    log "loading $CUSTOMERS customers with bench/load.sql (a minute or two)"
    t0=$(date +%s)
    psql -X -v ON_ERROR_STOP=1 -d "$BENCH_DB" -v schema="$SCHEMA" -v customers="$CUSTOMERS" \
        -f "$bench_dir/load.sql" >"$out/load.log" 2>&1 || { tail -20 "$out/load.log" >&2; die "load failed"; }
    load_customers_seconds=$(( $(date +%s) - t0 ))
    log "customers and contacts loaded in ${load_customers_seconds}s; loading $visits visits with bench/load-visits.sql"
    t1=$(date +%s)
    psql -X -v ON_ERROR_STOP=1 -d "$BENCH_DB" -v schema="$SCHEMA" -v customers="$CUSTOMERS" -v visits="$visits" \
        -f "$bench_dir/load-visits.sql" >"$out/load-visits.log" 2>&1 || { tail -20 "$out/load-visits.log" >&2; die "visit load failed"; }
    load_visits_seconds=$(( $(date +%s) - t1 ))
    log "visits and reviews loaded in ${load_visits_seconds}s (details: bench/out/load-visits.log)"
    # The change feed's log (migration V3 and later): the loaded rows are one initial sync's worth of changes.
    if [[ -n $(psql_v "SELECT to_regclass('sync_change')") ]]; then
        t2=$(date +%s)
        # Visits and reviews enter the log only if the application logs them (ChangeLog names the types).
        with_visits=0
        grep -rqs '"VISIT"' "$root/src/main/java/io/github/crmvault/common/changes/" && with_visits=1
        psql -X -v ON_ERROR_STOP=1 -d "$BENCH_DB" -v schema="$SCHEMA" -v with_visits="$with_visits" \
            -f "$bench_dir/load-sync.sql" >"$out/load-sync.log" 2>&1 || { tail -20 "$out/load-sync.log" >&2; die "change-log load failed"; }
        load_sync_seconds=$(( $(date +%s) - t2 ))
        log "change log filled in ${load_sync_seconds}s (details: bench/out/load-sync.log)"
    fi
    psql_q -c "SET search_path = $SCHEMA, public" -c "VACUUM ANALYZE" >/dev/null
    load_seconds=$(( $(date +%s) - t0 ))
    log "loaded in ${load_seconds}s"
}

# ---------------------------------------------------------------- the API
ensure_jar() {
    if [[ $jar != "$jar_default" ]]; then
        [[ -f $jar ]] || die "no jar at JAR=$jar"
    elif [[ $BUILD == 1 || ! -f $jar ]]; then
        log "building the API (./mvnw -q package -DskipTests)"
        (cd "$root" && ./mvnw -q package -DskipTests) || die "build failed"
    fi
    [[ -f $jar ]] || die "no jar at $jar"
}

# A key pair of the bench's own; the API trusts only its public half.
ensure_keys() {
    if [[ ! -f $out/jwt-private.pem || ! -f $out/jwt-public.pem ]]; then
        openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$out/jwt-private.pem" 2>/dev/null
        openssl pkey -in "$out/jwt-private.pem" -pubout -out "$out/jwt-public.pem"
    fi
}

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
mint_token() { # login [groups JSON array] -> RS256 JWT valid for 2 hours
    local login=$1 groups=${2:-'["sales"]'} now header payload signature
    now=$(date +%s)
    header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
    payload=$(printf '{"iss":"https://crm.example.com","aud":"crm-api","upn":"%s","sub":"%s","groups":%s,"iat":%d,"exp":%d,"jti":"bench-%s-%d"}' \
        "$login" "$login" "$groups" "$now" $((now + 7200)) "$login" "$now" | b64url)
    signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$out/jwt-private.pem" -binary | b64url)
    printf '%s.%s.%s' "$header" "$payload" "$signature"
}

# The requests of get-one and visit creation (bench/run.sh, bench/ab.sh), for the rep with id $1:
# 1,000 of the rep's customers as get-one paths, and 1,000 "customerId contactId" targets for new visits.
write_get_one_paths() {
    psql_v "SELECT '/api/v1/customers/' || id FROM customer WHERE owner_id = '$1' ORDER BY md5(id::text) LIMIT 1000" \
        >"$out/get-one.paths"
}
write_visit_targets() {
    psql_v "SELECT c.id || ' ' || (SELECT k.id FROM contact k WHERE k.customer_id = c.id AND NOT k.archived ORDER BY k.created_at, k.id LIMIT 1)
            FROM customer c WHERE c.owner_id = '$1' AND NOT c.archived
              AND EXISTS (SELECT 1 FROM contact k WHERE k.customer_id = c.id AND NOT k.archived)
            ORDER BY md5(c.id::text) LIMIT 1000" >"$out/visit-create.targets"
    [[ -s $out/visit-create.targets ]] || die "user $1 owns no customer with a contact"
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

# The environment of the API's rate limits for RATE_LIMITS.
rate_limit_env() {
    case $RATE_LIMITS in
        off) echo CRM_RATE_LIMIT_ENABLED=false ;;
        *) local c
            for c in READS WRITES CONFLICT_CHECKS FAILED_AUTH; do
                echo "CRM_RATE_LIMIT_${c}_REQUESTS=1000000000"
            done ;;
    esac
}

# start_api [NAME=VALUE ...]: runs the jar against the schema with the bench's token key; extra
# environment variables (application settings) as arguments, which win over the defaults here. Waits
# up to START_TIMEOUT seconds (default 120) for /q/health/ready; sets api_start_seconds. The log goes to
# $api_log (bench/out/api.log unless set: bench/faults.sh runs several instances).
api_start_seconds=""
start_api() {
    if curl -s -o /dev/null "$api/q/health/ready"; then
        die "something already listens on port $API_PORT; stop it or set API_PORT"
    fi
    local timeout=${START_TIMEOUT:-120} t0
    local api_log=${api_log:-$out/api.log}
    log "starting the API on port $API_PORT (log: ${api_log#"$root/"})"
    t0=$(date +%s)
    # Flyway does not run unless an argument says so: the schema was migrated above, and Hibernate
    # still validates the mapping. The per-user rate limits count (RATE_LIMITS=on) with budgets of a
    # billion a window: one bench user sends thousands of requests a minute, and none may be refused.
    # shellcheck disable=SC2086
    env \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$BENCH_DB?currentSchema=$SCHEMA,public&ApplicationName=$pg_app_name" \
    QUARKUS_DATASOURCE_USERNAME="$PGUSER" \
    QUARKUS_DATASOURCE_PASSWORD="${PGPASSWORD:-}" \
    QUARKUS_FLYWAY_MIGRATE_AT_START=false \
    $(rate_limit_env) \
    ${DB_POOL:+CRM_DB_MAX_CONNECTIONS=$DB_POOL} \
    QUARKUS_HTTP_PORT="$API_PORT" \
    MP_JWT_VERIFY_PUBLICKEY_LOCATION="$out/jwt-public.pem" \
    MP_JWT_VERIFY_ISSUER=https://crm.example.com \
    MP_JWT_VERIFY_AUDIENCES=crm-api \
    "$@" \
        java -Dvertx.disableURIValidation=true $JAVA_OPTS $(profile_java_opts) -jar "$jar" >"$api_log" 2>&1 &
    api_pid=$!
    local i
    for i in $(seq 1 "$timeout"); do
        if curl -sf -o /dev/null "$api/q/health/ready"; then break; fi
        kill -0 "$api_pid" 2>/dev/null || { tail -30 "$api_log" >&2; die "the API exited during start-up"; }
        ((i < timeout)) || { tail -30 "$api_log" >&2; die "the API was not ready after $timeout s"; }
        sleep 1
    done
    api_start_seconds=$(( $(date +%s) - t0 ))
    log "API ready after ${api_start_seconds}s"
}

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

# wrk's RESULT line (bench/wrk*.lua) -> r_rps r_p50 r_p99 (ms) and the raw line in r_line
parse_wrk_result() { # file
    r_line=$(grep '^RESULT ' "$1") || { cat "$1" >&2; die "no RESULT line from wrk"; }
    r_rps=$(printf '%.0f' "$(result_field rps)")
    r_p50=$(awk -v u="$(result_field p50_us)" 'BEGIN {printf "%.2f", u / 1000}')
    r_p99=$(awk -v u="$(result_field p99_us)" 'BEGIN {printf "%.2f", u / 1000}')
}
result_field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$r_line"; }

# ---------------------------------------------------------------- CPU per request and profiles
# CPU time over a measured window, from /proc (clock ticks): the API's JVM (every thread: utime + stime of
# the process), the PostgreSQL backends of the API's pool (named by ApplicationName in the JDBC URL, so
# other sessions on the server are left out) and the whole cluster (postmaster, its live children, and
# the children it reaped during the window: pgbench's backends, autovacuum; also other sessions' work).
# On a shared machine wall-clock rates move with the neighbours; CPU per request moves much less.
clk_tck=$(getconf CLK_TCK)
pg_app_name="crm-bench-$API_PORT"
pg_master=""
find_pg_master() { # the postmaster's pid if PostgreSQL runs on this machine (the checkpointer's parent)
    local cp
    cp=$(psql -X -A -t -d "$BENCH_DB" -c "SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'" 2>/dev/null) || return 0
    [[ -n $cp && -r /proc/$cp/stat ]] || return 0
    pg_master=$(sed 's/^.*) //' "/proc/$cp/stat" | awk '{print $2}')
    [[ -r /proc/$pg_master/stat ]] || pg_master=""
}
stat_ticks() { # pids... -> "pid ticks" lines (utime + stime; the postmaster also its reaped children's)
    local p
    for p in "$@"; do # a process may end between listing and reading: no line, and no failure (pipefail)
        sed "s/^\([0-9]*\) (.*) /\1 /" "/proc/$p/stat" 2>/dev/null || true
    done | awk -v m="$pg_master" '{t = $13 + $14; if ($1 == m) t += $15 + $16; print $1, t}'
}
pg_cluster_ticks() { # -> one number, empty when PostgreSQL is not local
    [[ -n $pg_master ]] || return 0
    # shellcheck disable=SC2046
    stat_ticks "$pg_master" $(pgrep -P "$pg_master") | awk '{t += $2} END {print t + 0}'
}
pg_api_ticks() { # -> "pid ticks" lines of the API pool's backends
    [[ -n $pg_master ]] || return 0
    # shellcheck disable=SC2046
    stat_ticks $(psql -X -A -t -d "$BENCH_DB" -c "SELECT pid FROM pg_stat_activity WHERE application_name = '$pg_app_name'" 2>/dev/null)
}
# The JVM's CPU by thread (name without its number: executor-thread, vert.x-eventloo, GC Thread, C2
# CompilerThre, ...; the kernel keeps 15 characters): request work vs garbage collection vs the JIT.
jvm_thread_ticks() { # -> "ticks name" lines, one per thread group
    [[ -n ${api_pid:-} && -d /proc/$api_pid/task ]] || return 0
    local t
    for t in /proc/"$api_pid"/task/*/stat; do cat "$t" 2>/dev/null || true; done | awk '{
        match($0, /\(.*\)/); name = substr($0, RSTART + 1, RLENGTH - 2)
        split(substr($0, RSTART + RLENGTH + 1), f, " ")
        sub(/[-#_ ]*[0-9]+$/, "", name); gsub(/ /, "_", name)
        ticks[name] += f[12] + f[13]
    } END {for (n in ticks) print ticks[n], n}'
}
cpu_begin() {
    [[ -n $pg_master ]] || find_pg_master
    cpu_threads0=$(jvm_thread_ticks)
    cpu_jvm0=$(proc_ticks "${api_pid:-}")
    cpu_pg0=$(pg_cluster_ticks)
    cpu_conn0=$(pg_api_ticks)
}
# cpu_end REQUESTS -> r_cpu_jvm r_cpu_db r_cpu_cluster: CPU milliseconds per request since cpu_begin
# (empty when not measurable). A backend that closed during the window is lost from r_cpu_db.
cpu_end() { cpu_name=""; cpu_stop; cpu_per_request "$1"; }
# cpu_stop then cpu_per_request REQUESTS: the same in two steps, when the count is known only later.
cpu_stop() {
    cpu_jvm1=$(proc_ticks "${api_pid:-}")
    cpu_threads1=$(jvm_thread_ticks)
    cpu_pg1=$(pg_cluster_ticks)
    cpu_conn1=$(pg_api_ticks)
}
cpu_per_request() {
    local n=$1 jvm1=$cpu_jvm1 pg1=$cpu_pg1 conn1=$cpu_conn1
    r_cpu_jvm="" r_cpu_db="" r_cpu_cluster="" r_cpu_req=""
    [[ $n =~ ^[0-9]+$ ]] && (( n > 0 )) || return 0
    per_req() { awk -v t="$1" -v n="$n" -v hz="$clk_tck" 'BEGIN {printf "%.2f", t * 1000 / hz / n}'; }
    [[ -n ${api_pid:-} && $jvm1 -gt 0 ]] && r_cpu_jvm=$(per_req $((jvm1 - cpu_jvm0)))
    [[ -n $cpu_pg0 && -n $pg1 ]] && r_cpu_cluster=$(per_req $((pg1 - cpu_pg0)))
    if [[ -n ${cpu_name:-} && -n $cpu_threads1 ]]; then
        # Per request by thread group, dearest first, into bench/out/cpu-threads-<scenario>.txt and the log.
        awk -v n="$n" -v hz="$clk_tck" 'NR == FNR {t0[$2] = $1; next}
            {d = $1 - ($2 in t0 ? t0[$2] : 0); if (d > 0) printf "%.3f %s\n", d * 1000 / hz / n, $2}' \
            <(printf '%s\n' "$cpu_threads0") <(printf '%s\n' "$cpu_threads1") | sort -rn >"$out/cpu-threads-$cpu_name.txt"
        # The request threads (Quarkus' executor, Vert.x event loops): the JVM's CPU without the JIT
        # compilers and GC, which still run after a short warm-up on 2 busy cores.
        r_cpu_req=$(awk '$2 ~ /^(executor-thread|vert\.x-eventloo)/ {t += $1} END {printf "%.2f", t}' "$out/cpu-threads-$cpu_name.txt")
        log "$cpu_name: JVM CPU ms/request by thread: $(head -6 "$out/cpu-threads-$cpu_name.txt" | awk '{printf "%s%s %s", (NR > 1 ? ", " : ""), $2, $1}')"
    fi
    cpu_name=""
    if [[ -n $conn1 ]]; then
        r_cpu_db=$(per_req "$(awk 'NR == FNR {t0[$1] = $2; next} {d += $2 - ($1 in t0 ? t0[$1] : 0)} END {print d + 0}' \
            <(printf '%s\n' "$cpu_conn0") <(printf '%s\n' "$conn1"))")
    fi
}
cpu_note() { # one log-line fragment
    printf 'CPU per request: JVM %s ms (request threads %s ms), database %s ms (API connections), cluster %s ms' \
        "${r_cpu_jvm:-n/a}" "${r_cpu_req:-n/a}" "${r_cpu_db:-n/a}" "${r_cpu_cluster:-n/a}"
}

# With PROFILE=1 the JVM starts with a flight recording (profile settings; deep stacks for inclusive
# frames) and each measured window gets its own recording through jcmd: starting and stopping a
# recording rotates the chunk, so the file holds that window only.
prof_dir="$out/profile-$stamp"
profile_java_opts() {
    [[ $PROFILE == 1 ]] || return 0
    mkdir -p "$prof_dir"
    # JFR's profile settings with a shorter sampling period: 10 ms gives only a few hundred samples a window.
    local java_home
    java_home=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.home = //p')
    awk -v period="$PROFILE_PERIOD" '/<event name="jdk.ExecutionSample">/ {s = 1}
        s && /name="period"/ {sub(/>[^<]*</, ">" period "<"); s = 0} {print}' \
        "$java_home/lib/jfr/profile.jfc" >"$prof_dir/bench.jfc"
    printf '%s' "-XX:FlightRecorderOptions=stackdepth=256 -XX:StartFlightRecording=name=whole,settings=$prof_dir/bench.jfc,filename=$prof_dir/whole-run.jfr"
}
profile_begin() { # scenario
    [[ $PROFILE == 1 && -n ${api_pid:-} ]] || return 0
    jcmd "$api_pid" JFR.start name="$1" settings="$prof_dir/bench.jfc" >"$prof_dir/jcmd.log" 2>&1 || log "WARNING: jcmd JFR.start failed (see $prof_dir/jcmd.log)"
}
profile_end() { # scenario
    [[ $PROFILE == 1 && -n ${api_pid:-} ]] || return 0
    jcmd "$api_pid" JFR.stop name="$1" filename="$prof_dir/$1.jfr" >>"$prof_dir/jcmd.log" 2>&1 || log "WARNING: jcmd JFR.stop failed (see $prof_dir/jcmd.log)"
}
# Around a measured window: measure_begin NAME; (load); measure_end NAME; cpu_per_request REQUESTS.
measure_begin() { profile_begin "$1"; cpu_name=$1; cpu_begin; }
measure_end() { cpu_stop; profile_end "$1"; }

# The first line of a pgbench script that replays a claim (bench/conflict.sh, bench/claim-parts.sh): the values the
# claim's statements bind, by name, from \gset, as the API binds them; each client one rep of the table
# <schema>.reps (n, id), each transaction the customer of <schema>.ids (n, id) numbered by the expression next; the
# history entry's changes have the shape Changes.between gives a claim (three fields from none to the new owner's).
claim_gset() { # schema next actor
    cat <<EOF
SELECT (SELECT id FROM $1.ids WHERE n = $2) AS customer, r.id AS "user", r.id AS owner,
    r.id AS "newKey", '00000000-0000-0000-0000-000000000000' AS "oldKey", now() AS now, now() + interval '30 days' AS until,
    now() - interval '30 days' AS "cooledIfLostBy", 10000000 AS "limit", '$3' AS actor, 'CLAIM' AS kind,
    'customer.owner_changed' AS type, jsonb_build_array(jsonb_build_object('field', 'claimedAt', 'oldValue', NULL, 'newValue', now()),
    jsonb_build_object('field', 'ownerId', 'oldValue', NULL, 'newValue', r.id),
    jsonb_build_object('field', 'protectedUntil', 'oldValue', NULL, 'newValue', now() + interval '30 days')) AS changes
FROM $1.reps r WHERE r.n = :client_id \\gset
EOF
}

# The median and 99th percentile, in ms with DECIMALS places, of the per-transaction logs that pgbench -l wrote
# into DIR as pgbench_log.* (column 3: the latency in microseconds); the logs are removed.
pgbench_latencies() { # dir [decimals, 2] -> "p50 p99"
    cat "$1"/pgbench_log.* | awk '{print $3}' | sort -n | awk -v d="${2:-2}" '{a[NR]=$1} END {if (NR) {i=int(NR*0.5); if (i<1) i=1;
        j=int(NR*0.99); if (j<1) j=1; printf "%.*f %.*f\n", d, a[i]/1000, d, a[j]/1000}}'
    rm -f "$1"/pgbench_log.*
}
