#!/usr/bin/env bash
# Conflict checks and claims on the 1,000,000-customer data set (issue 4, "Speed"); see bench/README.md.
#
#   bench/conflict.sh                 # load customers (no visits), measure recall/precision, check and claim speed
#   SKIP_LOAD=1 bench/conflict.sh     # reuse the data of an earlier run (of this script or run.sh)
#   JAR=/work/bench-copy/target/quarkus-app/quarkus-run.jar bench/conflict.sh
#
# Environment (defaults in brackets), besides those of bench/lib.sh (DURATION [20s] WARMUP [10s] CONC [16]
# THREADS [2] SKIP_LOAD [0] CUSTOMERS [1000000] JAR BUILD API_PORT [8089] JAVA_OPTS QUIET_WAIT [0] RATE_LIMITS [on] DB_POOL []
# PGHOST PGPORT PGUSER BENCH_DB [postgres] SCHEMA [crm_bench] MIGRATIONS):
#   VISITS [0]            visits loaded with the customers (run.sh's scenarios need them; these do not)
#   PER_CLASS [500]       probes per class (bench/conflict-probes.sql)
#   JIT_WARMUP [30s]      conflict checks before anything is measured (C2 needs a while on 2 cores)
#   REP [rep001]          who checks (sees own customers + the pool: others' matches come without id)
#   CLAIM_REPS [200]      claims are made by that many reps in turn (one rep's claims queue on its row lock); with 50,
#                         a thread's 25 reps come round every ~80 ms and a slow claim meets its rep's next one
#   CLAIM_SPREAD [apart]  apart: each wrk thread claims with its own reps (no rep has two claims in flight while
#                         CLAIM_REPS >= CONC, as with people); shared: every thread takes all reps in turn, so two
#                         threads' claims often share a rep (the hand-out before claim4; with CLAIM_REPS=1 every
#                         claim is the same rep's, whatever the spread)
#   CLAIM_WITH [new]      new: reps created for this run (claim-<time>-NNN, holding nothing yet, as reps under
#                         the cap do); reps: the loaded rep001..repNNN (4,000 customers each: the cap count is dearer)
#   CLAIM_WARMUP [WARMUP] claims before the measured claim run (the claim path's own JIT warm-up; the replay's
#                         warm-up stays WARMUP); at ~800 claims/s a minute takes ~50,000 pool customers: raise CLAIM_IDS
#   CLAIM_IDS [130000]    pool customers exported for the claim runs (25% warm-up, 40% measured, 5% light, 30% one rep:
#                         one rep claims up to ~1,000 a second on a quiet box)
#   CLAIM_CAP [10000000]  crm.claim.max-customers-per-rep for the run (the loaded reps hold 4,000 each)
#   SKIP_KEYCHECK [0]     1: skip comparing the loaded keys with the application's Normalizer (~1 min)
#   SKIP_PGBENCH [0]      1: skip the database ceilings of the check's and of a claim's SQL (pgbench with the same statements)
#   LIGHT_CONC [2]        connections of the light-load conflict-check run (0: none)
#   SAME_REP_CONC [4]     connections of the one-rep claim run after the main one: every claim by the first rep
#                         (a rep's rapid claims queue on its user row; 0: none)
#   SKIP_CLAIM [0]        1: skip the claim scenario (it moves CLAIM_IDS/2.. customers out of the pool)
#   SKIP_CHECKS [0]       1: claims only: no recall, SQL timing, replay or checks under load (the JIT warm-up
#                         with checks still runs, so the framework is compiled as in a full run); ~1.5 min less
#   PGBENCH_DB unused here; the pgbench ceiling runs in BENCH_DB against SCHEMA
#   PROFILE [0]           1: one flight recording per measured window in bench/out/profile-<stamp>/ (bench/profile-top.sh)
set -euo pipefail

bench_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
root=$(cd -- "$bench_dir/.." && pwd)
out="$bench_dir/out"
mkdir -p "$out"

VISITS=${VISITS:-0}
PER_CLASS=${PER_CLASS:-500}
JIT_WARMUP=${JIT_WARMUP:-30s}
REP=${REP:-rep001}
CLAIM_REPS=${CLAIM_REPS:-200}
CLAIM_IDS=${CLAIM_IDS:-130000}
CLAIM_CAP=${CLAIM_CAP:-10000000}
SKIP_KEYCHECK=${SKIP_KEYCHECK:-0}
SKIP_PGBENCH=${SKIP_PGBENCH:-0}
SKIP_CLAIM=${SKIP_CLAIM:-0}
SKIP_CHECKS=${SKIP_CHECKS:-0}
LIGHT_CONC=${LIGHT_CONC:-2}
SAME_REP_CONC=${SAME_REP_CONC:-4}
CLAIM_WITH=${CLAIM_WITH:-new}
CLAIM_SPREAD=${CLAIM_SPREAD:-apart}
# shellcheck source=bench/lib.sh
. "$bench_dir/lib.sh"
CLAIM_WARMUP=${CLAIM_WARMUP:-$WARMUP} # after lib.sh, which sets WARMUP's default

results="$out/conflict-$stamp.md"

[[ $(seconds "$DURATION") =~ ^[1-9][0-9]*$ ]] || die "DURATION must look like 20s or 2m: $DURATION"
[[ $(seconds "$WARMUP") =~ ^[0-9]+$ ]] || die "WARMUP must look like 10s: $WARMUP"
[[ $(seconds "$CLAIM_WARMUP") =~ ^[0-9]+$ ]] || die "CLAIM_WARMUP must look like 60s: $CLAIM_WARMUP"
[[ $(seconds "$JIT_WARMUP") =~ ^[0-9]+$ ]] || die "JIT_WARMUP must look like 30s: $JIT_WARMUP"
[[ $PER_CLASS =~ ^[1-9][0-9]*$ ]] || die "PER_CLASS must be a positive integer: $PER_CLASS"
[[ $CLAIM_REPS =~ ^[1-9][0-9]*$ && $CLAIM_REPS -le 200 ]] || die "CLAIM_REPS must be 1 to 200: $CLAIM_REPS"
[[ $CLAIM_WITH == new || $CLAIM_WITH == reps ]] || die "CLAIM_WITH must be new or reps: $CLAIM_WITH"
[[ $CLAIM_SPREAD == apart || $CLAIM_SPREAD == shared ]] || die "CLAIM_SPREAD must be apart or shared: $CLAIM_SPREAD"
[[ $SAME_REP_CONC =~ ^[0-9]+$ ]] || die "SAME_REP_CONC must be a number of connections: $SAME_REP_CONC"

missing=()
for t in psql java openssl curl wrk python3; do
    command -v "$t" >/dev/null || missing+=("$t")
done
[[ $SKIP_PGBENCH == 1 ]] || command -v pgbench >/dev/null || missing+=(pgbench)
((${#missing[@]})) && die "missing: ${missing[*]}. On Debian/Ubuntu: apt-get install -y wrk postgresql-client curl openssl python3 (and a JDK 17+)"
psql -X -q -d "$BENCH_DB" -c 'SELECT 1' >/dev/null 2>&1 \
    || die "cannot reach PostgreSQL at $PGHOST:$PGPORT as $PGUSER (database $BENCH_DB)"

ensure_jar
app_jar=$(ls "$(dirname "$jar")"/app/*.jar 2>/dev/null | head -1)
[[ -n $app_jar ]] || die "no application jar next to $jar (expected a Quarkus fast-jar layout: app/*.jar)"
# The schema must be the one the API expects: with JAR set, take the migrations inside it.
if [[ -z $MIGRATIONS && -n ${JAR:-} ]]; then
    MIGRATIONS="$out/migrations"
    rm -rf "$MIGRATIONS"
    python3 - "$app_jar" "$MIGRATIONS" <<'EOF'
import os, sys, zipfile
jar, target = sys.argv[1:3]
os.makedirs(target, exist_ok=True)
with zipfile.ZipFile(jar) as z:
    for name in z.namelist():
        if name.startswith("db/migration/") and name.endswith(".sql"):
            with open(os.path.join(target, os.path.basename(name)), "wb") as f:
                f.write(z.read(name))
EOF
    log "migrations taken from ${app_jar##*/}: $(ls "$MIGRATIONS" | tr '\n' ' ')"
fi

# The API's Traditional -> Simplified table, for the traditional probes (none in jars before keys version 2).
ts_pairs=$(python3 - "$app_jar" <<'EOF'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    try:
        sys.stdout.write(z.read("io/github/crmvault/conflict/traditional-simplified.txt").decode("utf-8"))
    except KeyError:
        pass
EOF
)

# ---------------------------------------------------------------- data
if [[ $SKIP_LOAD == 1 ]]; then
    log "SKIP_LOAD=1: reusing schema $SCHEMA"
    [[ $(psql_v "SELECT count(*) FROM customer" 2>/dev/null || echo 0) -gt 0 ]] \
        || die "schema $SCHEMA has no customers; run without SKIP_LOAD first"
else
    load_data "$VISITS"
fi
[[ -n $(psql_v "SELECT to_regclass('customer_key')") ]] \
    || die "schema $SCHEMA has no conflict-key tables (migration V5): load it with a tree or JAR that has them"
# The probes regenerate the loaded names from the row numbers: the data must be a load of CUSTOMERS rows.
[[ $(psql_v "SELECT count(*) FROM customer WHERE id IN (md5('customer:$CUSTOMERS')::uuid, md5('customer:$((CUSTOMERS + 1))')::uuid)") == 1 \
   && -n $(psql_v "SELECT 1 FROM customer WHERE id = md5('customer:$CUSTOMERS')::uuid") ]] \
    || die "schema $SCHEMA does not hold a load of CUSTOMERS=$CUSTOMERS customers; set CUSTOMERS to the loaded size"
dataset=$(psql_v "SELECT format('%s customers (%s live, %s in the public pool); keys: %s; %s normalised names, %s name variants',
                  (SELECT count(*) FROM customer), (SELECT count(*) FROM customer WHERE NOT archived),
                  (SELECT count(*) FROM customer WHERE owner_id IS NULL AND NOT archived),
                  (SELECT string_agg(kind || ' ' || n, ', ' ORDER BY kind) FROM (SELECT kind, count(*) AS n FROM customer_key GROUP BY kind) k),
                  (SELECT count(*) FROM customer_name), (SELECT count(*) FROM customer_name_variant))")
log "data set: $dataset"

# ---------------------------------------------------------------- keys as the application makes them
keycheck="skipped (SKIP_KEYCHECK=1)"
if [[ $SKIP_KEYCHECK != 1 ]]; then
    log "key check: every live customer's keys by the application's Normalizer vs the loaded customer_key"
    lib_dir="$(dirname "$jar")/lib/main"
    psql -X -q -A -t -F $'\t' -v ON_ERROR_STOP=1 -d "$BENCH_DB" -c "SET search_path = $SCHEMA, public" \
        -c "SELECT c.id, c.name, coalesce(c.credit_code, ''), array_to_string(c.phones, E'\x1f'), array_to_string(c.emails, E'\x1f'),
                   coalesce(c.website, ''), coalesce(k.phones, '')
            FROM customer c
            LEFT JOIN (SELECT customer_id, string_agg(p, E'\x1f') AS phones FROM contact, unnest(phones) p
                       WHERE NOT archived AND erased_at IS NULL GROUP BY customer_id) k ON k.customer_id = c.id
            WHERE NOT c.archived" \
        | java -cp "$app_jar:$lib_dir/*" "$bench_dir/KeyCheck.java" >"$out/keycheck-keys.tsv" 2>"$out/keycheck.err" \
        || { cat "$out/keycheck.err" >&2; die "KeyCheck failed"; }
    codes=$(sed -n 's/^credit codes: //p' "$out/keycheck.err")
    diff_counts=$(psql -X -q -A -t -F ' ' -v ON_ERROR_STOP=1 -d "$BENCH_DB" -c "SET search_path = $SCHEMA, public" \
        -c "CREATE TEMP TABLE java_key (kind text, value text, customer_id uuid)" \
        -c "\\copy java_key FROM '$out/keycheck-keys.tsv'" \
        -c "SELECT (SELECT count(*) FROM java_key),
                   (SELECT count(*) FROM (SELECT * FROM java_key EXCEPT SELECT kind, value, customer_id FROM customer_key) a),
                   (SELECT count(*) FROM (SELECT kind, value, customer_id FROM customer_key EXCEPT SELECT * FROM java_key) b),
                   (SELECT count(*) FROM (SELECT value, customer_id FROM java_key WHERE kind = 'NAME'
                                          EXCEPT SELECT core_name, customer_id FROM customer_name) c)" | tail -1)
    read -r java_keys java_only db_only name_diff <<<"$diff_counts"
    keycheck="$java_keys keys by the Normalizer: $java_only missing from customer_key, $db_only in customer_key but not by the Normalizer, $name_diff normalised names differing from customer_name; credit codes $codes (CreditCode validator)"
    log "key check: $keycheck"
    if (( java_only + db_only + name_diff > 0 )); then
        log "WARNING: the loaded keys differ from the application's; see $out/keycheck-keys.tsv"
    fi
    rm -f "$out/keycheck-keys.tsv"
fi

# ---------------------------------------------------------------- probes
log "probes: $PER_CLASS per class with bench/conflict-probes.sql"
psql -X -q -v ON_ERROR_STOP=1 -d "$BENCH_DB" -v schema="$SCHEMA" -v customers="$CUSTOMERS" -v per_class="$PER_CLASS" \
    -v probes_file="$out/conflict-probes.jsonl" -v ts_pairs="$ts_pairs" -f "$bench_dir/conflict-probes.sql" >"$out/conflict-probes.log" 2>&1 \
    || { tail -20 "$out/conflict-probes.log" >&2; die "probe generation failed"; }
grep -q . "$out/conflict-probes.jsonl" || { cat "$out/conflict-probes.log" >&2; die "no probes written"; }
log "probes: $(wc -l <"$out/conflict-probes.jsonl") ($(python3 -c "
import json, collections, sys
c = collections.Counter(json.loads(l)['class'] for l in open(sys.argv[1], encoding='utf-8'))
print(', '.join(f'{k} {v}' for k, v in sorted(c.items())))" "$out/conflict-probes.jsonl"))"
# The name probes' bodies, for the JIT warm-up (conflict.py rewrites the file with the same bodies).
python3 -c "
import json, sys
with open(sys.argv[2], 'w', encoding='utf-8') as f:
    for l in open(sys.argv[1], encoding='utf-8'):
        b = json.loads(l)['body']
        if 'name' in b: f.write(json.dumps(b, ensure_ascii=False) + '\n')" "$out/conflict-probes.jsonl" "$out/conflict-bodies.jsonl"

# ---------------------------------------------------------------- the API
ensure_keys
trap cleanup EXIT
trap 'exit 130' INT TERM
start_api CRM_CLAIM_MAX_CUSTOMERS_PER_REP="$CLAIM_CAP"
token=$(mint_token "$REP")
auth="Authorization: Bearer $token"
check_path="/api/v1/conflict-checks"
api_commit=$(git -C "$(dirname "$jar")/../.." rev-parse --short HEAD 2>/dev/null || echo unknown)

# Preflight: a loaded customer's own name must be BLOCKED with that customer.
read -r pf_id pf_name <<<"$(psql_v "SELECT id || ' ' || name FROM customer WHERE owner_key = '00000000-0000-0000-0000-000000000000' AND NOT archived ORDER BY id LIMIT 1")"
code=$(curl -s -o "$out/preflight.json" -w '%{http_code}' -H "$auth" -H 'Content-Type: application/json' \
    --data-binary "{\"name\":\"$pf_name\"}" "$api$check_path")
[[ $code == 200 ]] || { log "POST $check_path answered $code:"; head -c 1000 "$out/preflight.json" >&2; echo >&2; die "preflight failed"; }
grep -q '"decision":"BLOCKED"' "$out/preflight.json" && grep -q "$pf_id" "$out/preflight.json" \
    || { head -c 1000 "$out/preflight.json" >&2; echo >&2; die "preflight: '$pf_name' was not BLOCKED with $pf_id"; }
log "preflight: '$pf_name' BLOCKED with its customer"

run_wrk() { # name script duration args... -> raw output in $out/NAME.wrk.txt (connections: wrk_conc, default CONC)
    local name=$1 script=$2 duration=$3 conc=${wrk_conc:-$CONC} threads=$THREADS
    shift 3
    (( threads > conc )) && threads=$conc
    wrk -t "$threads" -c "$conc" -d "$duration" --timeout 10s -s "$script" "$@" >"$out/$name.wrk.txt" 2>&1 \
        || { cat "$out/$name.wrk.txt" >&2; die "wrk failed"; }
}

if (( $(seconds "$JIT_WARMUP") > 0 )); then
    log "JIT warm-up: conflict checks for $JIT_WARMUP"
    run_wrk jit-warmup "$bench_dir/wrk-conflict.lua" "$JIT_WARMUP" -H "$auth" "$api$check_path" -- "$out/conflict-bodies.jsonl"
fi

check_rps="" check_p99="" light_rps="" pg_tps=""
# The API's threshold: crm.conflict.name-similarity defaults to 0.55 (CrmSettings); 0.5 here made the replay dearer.
threshold=${CRM_CONFLICT_NAME_SIMILARITY:-0.55}
cpu_cols() { echo "JVM ${r_cpu_jvm:-n/a} ms, DB ${r_cpu_db:-n/a} ms, cluster ${r_cpu_cluster:-n/a} ms"; }
if [[ $SKIP_CHECKS != 1 ]]; then # the whole conflict-check part, to the claims
# ---------------------------------------------------------------- recall and precision
check_quiet recall
log "recall: every probe through $check_path, one at a time"
python3 "$bench_dir/conflict.py" "$api" "$token" "$out/conflict-probes.jsonl" "$out" "$SCHEMA" >"$out/conflict-recall.txt" 2>"$out/conflict-recall.err" \
    || { tail -20 "$out/conflict-recall.err" >&2; die "conflict.py failed"; }
grep -v '^progress' "$out/conflict-recall.err" >&2 || true

# ---------------------------------------------------------------- where the time goes (database side)
# The check's three lookups (exact keys, trigram similarity, shared one-deletion variants) for every
# name probe's normalised name, timed inside PostgreSQL with the application's SQL and threshold; the
# slowest of each kind explained. Results in bench/out/conflict-sql.txt and conflict-explain.txt.
# Each is one part of ConflictRepository.FIND (which since issue 14 sends them, and the related and holders'
# parts, as one statement), timed on its own to show which part costs; the pgbench replay below runs FIND
# itself as the jar holds it.
probe_schema="${SCHEMA}_probe"
psql_q -c "DROP SCHEMA IF EXISTS $probe_schema CASCADE" -c "CREATE SCHEMA $probe_schema" \
    -c "CREATE TABLE $probe_schema.core (n serial PRIMARY KEY, cls text NOT NULL, core text NOT NULL)" \
    -c "\\copy $probe_schema.core (cls, core) FROM '$out/conflict-cores.tsv'" -c "ANALYZE $probe_schema.core" >/dev/null
ncores=$(psql_v "SELECT count(*) FROM $probe_schema.core")
repository_constant() { # NAME -> that String constant of the jar's ConflictRepository, empty when it has none
    javap -cp "$app_jar" -constants -p io.github.crmvault.conflict.ConflictRepository 2>/dev/null | python3 -c "
import re, sys
for line in sys.stdin:
    m = re.match(r'\s*static final java.lang.String $1 = \"(.*)\";\s*$', line)
    if m: print(m.group(1))" || true
}
# Buffers per check (a figure other work on the machine does not move): every name probe's statements as the
# jar sends them, under EXPLAIN (ANALYZE, BUFFERS); the typo ids whose holdings the check reads go to the
# probe table for the replay below.
psql_q -c "ALTER TABLE $probe_schema.core ADD COLUMN ids text NOT NULL DEFAULT '{}'" >/dev/null
buffers_summary="(the jar has no one-statement FIND)"
if [[ -n $(repository_constant FIND) ]]; then
    log "buffers per check: every name probe's statements under EXPLAIN (ANALYZE, BUFFERS)"
    SCHEMA=$SCHEMA BENCH_DB=$BENCH_DB python3 "$bench_dir/conflict-buffers.py" "$app_jar" "$out/conflict-cores.tsv" \
        "$out/conflict-buffers.tsv" "$threshold" >"$out/conflict-buffers.txt" 2>&1 \
        || { cat "$out/conflict-buffers.txt" >&2; die "conflict-buffers.py failed"; }
    buffers_summary=$(cat "$out/conflict-buffers.txt")
    psql_q -c "CREATE TABLE $probe_schema.buffers (n serial PRIMARY KEY, cls text, core text, find_buffers int, holdings_buffers int,
                                                   find_rows int, n_ids int, ids text)" \
        -c "\\copy $probe_schema.buffers (cls, core, find_buffers, holdings_buffers, find_rows, n_ids, ids) FROM '$out/conflict-buffers.tsv'" \
        -c "UPDATE $probe_schema.core c SET ids = b.ids FROM $probe_schema.buffers b WHERE b.n = c.n AND b.core = c.core" >/dev/null
    log "buffers per check: $(tail -2 "$out/conflict-buffers.txt" | head -1)"
fi
psql -X -q -v ON_ERROR_STOP=1 -d "$BENCH_DB" >"$out/conflict-sql.txt" 2>&1 <<EOF || { cat "$out/conflict-sql.txt" >&2; die "SQL timing failed"; }
SET search_path = $SCHEMA, public;
SET jit = off;
SET pg_trgm.similarity_threshold = $threshold;
CREATE TEMP TABLE t (cls text, core text, q text, ms float8, n int);
-- V35's variant rows carry the name: the typo candidates are then read as ConflictRepository.FIND reads them.
SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = '$SCHEMA'
               AND table_name = 'customer_name_variant' AND column_name = 'core_name') AS variant_has_name \gset
DO \$\$
DECLARE r record; t0 timestamptz; k int;
  variant_has_name boolean := EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = '$SCHEMA'
                                      AND table_name = 'customer_name_variant' AND column_name = 'core_name');
BEGIN
  FOR r IN SELECT cls, core FROM $probe_schema.core ORDER BY n LOOP
    t0 := clock_timestamp();
    SELECT count(*) INTO k FROM customer_key WHERE (kind, value) IN (('NAME', r.core));
    INSERT INTO t VALUES (r.cls, r.core, '1 exact keys', extract(epoch FROM clock_timestamp() - t0) * 1000, k);
    t0 := clock_timestamp();
    -- conflict_similar_names (V31, bounded by trigram count since V45) is the part of FIND that reads them.
    SELECT count(*) INTO k FROM conflict_similar_names(r.core, $threshold, '00000000-0000-0000-0000-000000000000', 10);
    INSERT INTO t VALUES (r.cls, r.core, '2 trigram top 10', extract(epoch FROM clock_timestamp() - t0) * 1000, k);
    t0 := clock_timestamp();
    IF variant_has_name THEN
      SELECT count(*) INTO k FROM (SELECT v.customer_id, v.core_name, similarity(v.core_name, r.core) FROM customer_name_variant v
                                   WHERE v.variant = ANY(ARRAY(SELECT customer_name_variants(r.core)) || r.core)
                                   GROUP BY 1, 2 ORDER BY 3 DESC, 1 LIMIT 100) x;
    ELSE
      SELECT count(*) INTO k FROM (SELECT n.customer_id, n.core_name, similarity(n.core_name, r.core) FROM customer_name n
                                   WHERE n.customer_id IN (SELECT v.customer_id FROM customer_name_variant v
                                                           WHERE v.variant = ANY(ARRAY(SELECT customer_name_variants(r.core))))
                                   ORDER BY 3 DESC, 1 LIMIT 100) x;
    END IF;
    INSERT INTO t VALUES (r.cls, r.core, '3 typo candidates', extract(epoch FROM clock_timestamp() - t0) * 1000, k);
  END LOOP;
END \$\$;
\pset footer off
\echo 'Per query over all name probes (ms inside PostgreSQL, plpgsql with cached plans, one session):'
SELECT q AS query, count(*) AS probes, round(avg(ms)::numeric, 2) AS avg_ms, round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 2) AS p50_ms,
       round(percentile_cont(0.99) WITHIN GROUP (ORDER BY ms)::numeric, 2) AS p99_ms, round(max(ms)::numeric, 2) AS max_ms,
       round(avg(n), 2) AS avg_rows, max(n) AS max_rows
FROM t GROUP BY q ORDER BY q;
\echo 'Trigram query by normalised-name length:'
SELECT char_length(core) AS chars, count(*) AS probes, round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 2) AS p50_ms,
       round(percentile_cont(0.99) WITHIN GROUP (ORDER BY ms)::numeric, 2) AS p99_ms, round(avg(n), 2) AS avg_rows
FROM t WHERE q = '2 trigram top 10' GROUP BY 1 ORDER BY 1;
\echo 'Trigram query by probe class:'
SELECT cls, count(*) AS probes, round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 2) AS p50_ms,
       round(percentile_cont(0.99) WITHIN GROUP (ORDER BY ms)::numeric, 2) AS p99_ms, round(avg(n), 2) AS avg_rows
FROM t WHERE q = '2 trigram top 10' GROUP BY 1 ORDER BY 1;
SELECT core AS slowest_trigram FROM t WHERE q = '2 trigram top 10' ORDER BY ms DESC LIMIT 1 \gset
SELECT core AS slowest_typo FROM t WHERE q = '3 typo candidates' ORDER BY ms DESC LIMIT 1 \gset
SELECT core AS median_trigram FROM t WHERE q = '2 trigram top 10' ORDER BY ms OFFSET (SELECT count(*) / 2 FROM t WHERE q = '2 trigram top 10') LIMIT 1 \gset
\o $out/conflict-explain.txt
\echo 'Slowest trigram probe:' :'slowest_trigram'
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM conflict_similar_names(:'slowest_trigram', $threshold, '00000000-0000-0000-0000-000000000000', 10);
\echo 'Median trigram probe:' :'median_trigram'
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM conflict_similar_names(:'median_trigram', $threshold, '00000000-0000-0000-0000-000000000000', 10);
\echo 'Slowest typo probe:' :'slowest_typo'
\if :variant_has_name
EXPLAIN (ANALYZE, BUFFERS) SELECT v.customer_id, v.core_name, similarity(v.core_name, :'slowest_typo') FROM customer_name_variant v
WHERE v.variant = ANY(ARRAY(SELECT customer_name_variants(:'slowest_typo')) || CAST(:'slowest_typo' AS text))
GROUP BY 1, 2 ORDER BY 3 DESC, 1 LIMIT 100;
\else
EXPLAIN (ANALYZE, BUFFERS) SELECT n.customer_id, n.core_name, similarity(n.core_name, :'slowest_typo') FROM customer_name n
WHERE n.customer_id IN (SELECT v.customer_id FROM customer_name_variant v
                        WHERE v.variant = ANY(ARRAY(SELECT customer_name_variants(:'slowest_typo'))))
ORDER BY 3 DESC, 1 LIMIT 100;
\endif
\o
EOF
cat "$out/conflict-sql.txt" >&2

# ---------------------------------------------------------------- database ceiling of the check's SQL
pg_tps="" pg_p50="" pg_p99="" pg_cpu=""
if [[ $SKIP_PGBENCH != 1 ]]; then
    # Replay what the API sends. A jar whose ConflictRepository has the one-statement FIND (issue 14) sends
    # that statement, with the name's NAME key as its only exact key; older jars send the lookups one by one.
    find_sql=$(repository_constant FIND)
    holdings_sql=$(repository_constant HOLDINGS)
    if [[ -n $find_sql && -n $holdings_sql ]]; then
        # Since V43 the check reads the holdings of the typos it shows by a second statement, only when there
        # are some: the ids per probe are those conflict-buffers.py picked as ConflictService does.
        replay_desc="pgbench -M prepared: the check's statements (ConflictRepository.FIND, then HOLDINGS for the typos it shows when there are some; read from the jar), the name's NAME key as exact key"
        cat >"$out/conflict-pgbench.sql" <<EOF
\\set r random(1, $ncores)
SELECT core, '' AS parent, $threshold AS threshold, '00000000-0000-0000-0000-000000000000' AS self, 10 AS "similarLimit", 100 AS "typoLimit", '{NAME}' AS kinds, '{"' || core || '"}' AS values, ids, CASE WHEN ids = '{}' THEN 0 ELSE 1 END AS "readHoldings" FROM $probe_schema.core WHERE n = :r \\gset
$find_sql;
\\if :readHoldings
$holdings_sql;
\\endif
EOF
    elif [[ -n $find_sql ]]; then
        replay_desc="pgbench -M prepared: the check's one statement (ConflictRepository.FIND, read from the jar), the name's NAME key as exact key"
        cat >"$out/conflict-pgbench.sql" <<EOF
\\set r random(1, $ncores)
SELECT core, '' AS parent, $threshold AS threshold, '00000000-0000-0000-0000-000000000000' AS self, 10 AS "similarLimit", 100 AS "typoLimit", '{NAME}' AS kinds, '{"' || core || '"}' AS values FROM $probe_schema.core WHERE n = :r \\gset
$find_sql;
EOF
    else
        replay_desc="pgbench -M prepared: the check's 3 queries (exact key, trigram top 10, typo candidates) in one transaction"
        cat >"$out/conflict-pgbench.sql" <<EOF
\\set r random(1, $ncores)
SELECT core FROM $probe_schema.core WHERE n = :r \\gset
BEGIN;
SELECT set_config('pg_trgm.similarity_threshold', '$threshold', true);
SELECT kind, value, customer_id FROM $SCHEMA.customer_key WHERE (kind, value) IN (('NAME', :core));
SELECT n.customer_id, n.core_name, similarity(n.core_name, :core) FROM $SCHEMA.customer_name n WHERE n.core_name % :core ORDER BY 3 DESC, 1 LIMIT 10;
SELECT n.customer_id, n.core_name, similarity(n.core_name, :core) FROM $SCHEMA.customer_name n WHERE n.customer_id IN (SELECT v.customer_id FROM $SCHEMA.customer_name_variant v WHERE v.variant = ANY(ARRAY(SELECT $SCHEMA.customer_name_variants(:core)))) ORDER BY 3 DESC, 1 LIMIT 100;
END;
EOF
    fi
    if (( $(seconds "$WARMUP") > 0 )); then
        log "pgbench (the check's SQL) warm-up $WARMUP"
        PGOPTIONS="-c search_path=$SCHEMA,public" pgbench -n -M prepared -f "$out/conflict-pgbench.sql" -c "$CONC" -j "$THREADS" -T "$(seconds "$WARMUP")" "$BENCH_DB" >/dev/null 2>&1 || true
    fi
    check_quiet pgbench-conflict
    log "pgbench (the check's SQL) -c $CONC -j $THREADS -T $(seconds "$DURATION")"
    rm -f "$out"/pgbench_log.*
    cpu_begin
    (cd "$out" && PGOPTIONS="-c search_path=$SCHEMA,public" pgbench -n -M prepared -f "$out/conflict-pgbench.sql" -c "$CONC" -j "$THREADS" -T "$(seconds "$DURATION")" \
        -l --log-prefix=pgbench_log "$BENCH_DB") >"$out/pgbench-conflict.log" 2>&1 || { cat "$out/pgbench-conflict.log" >&2; die "pgbench failed"; }
    sleep 1 # the postmaster reaps pgbench's backends: their CPU then counts
    cpu_end "$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$out/pgbench-conflict.log")"
    pg_cpu=${r_cpu_cluster:-n/a}
    pg_tps=$(printf '%.0f' "$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time).*/\1/p' "$out/pgbench-conflict.log")")
    read -r pg_p50 pg_p99 < <(pgbench_latencies "$out")
    log "pgbench (the check's SQL): $pg_tps tps, p50 $pg_p50 ms, p99 $pg_p99 ms"
fi

# ---------------------------------------------------------------- conflict checks under load
if (( $(seconds "$WARMUP") > 0 )); then
    log "conflict check: warm-up $WARMUP"
    run_wrk check-warmup "$bench_dir/wrk-conflict.lua" "$WARMUP" -H "$auth" "$api$check_path" -- "$out/conflict-bodies.jsonl"
fi
check_quiet conflict-check
log "conflict check: wrk -c $CONC for $DURATION, $(wc -l <"$out/conflict-bodies.jsonl") name probes in turn"
measure_begin conflict-check
run_wrk conflict-check "$bench_dir/wrk-conflict.lua" "$DURATION" -H "$auth" "$api$check_path" -- "$out/conflict-bodies.jsonl"
measure_end conflict-check
parse_wrk_result "$out/conflict-check.wrk.txt"
cpu_per_request "$(result_field requests)"; check_cpu=$(cpu_cols)
check_rps=$r_rps check_p50=$r_p50 check_p99=$r_p99 check_p90=$(awk -v u="$(result_field p90_us)" 'BEGIN {printf "%.2f", u / 1000}')
check_ok=$(result_field ok) check_requests=$(result_field requests)
check_err=$(( $(result_field non2xx) + $(result_field connect_errors) + $(result_field read_errors) + $(result_field write_errors) + $(result_field timeouts) ))
log "conflict check: $check_rps req/s, p50 $check_p50 ms, p99 $check_p99 ms, errors $check_err; $(cpu_note)"

# The same at light load: the latency of one check when the server is not saturated (with CONC
# connections on 2 cores a request mostly waits for the others: latency = CONC / throughput).
light_rps="" light_p50="" light_p99=""
if (( LIGHT_CONC > 0 )); then
    check_quiet conflict-check-light
    log "conflict check, light load: wrk -c $LIGHT_CONC for $DURATION"
    wrk_conc=$LIGHT_CONC run_wrk conflict-check-light "$bench_dir/wrk-conflict.lua" "$DURATION" -H "$auth" "$api$check_path" -- "$out/conflict-bodies.jsonl"
    parse_wrk_result "$out/conflict-check-light.wrk.txt"
    light_rps=$r_rps light_p50=$r_p50 light_p99=$r_p99
    light_err=$(( $(result_field non2xx) + $(result_field connect_errors) + $(result_field read_errors) + $(result_field write_errors) + $(result_field timeouts) ))
    log "conflict check, light load: $light_rps req/s, p50 $light_p50 ms, p99 $light_p99 ms, errors $light_err"
fi

fi # SKIP_CHECKS

# ---------------------------------------------------------------- claims
claim_light_rps="" claim_light_p50="" claim_light_p99="" claim_light_desc=""
same_rep_rps="" same_rep_p50="" same_rep_p99="" same_rep_desc=""
claim_rps="" claim_p50="" claim_p99="" claim_ok="" claim_409="" claim_other="" claim_desc="skipped (SKIP_CLAIM=1)" claim_who=""
if [[ $SKIP_CLAIM != 1 ]]; then
    pool_before=$(psql_v "SELECT count(*) FROM customer WHERE owner_id IS NULL AND NOT archived")
    psql_v "SELECT id FROM customer WHERE owner_id IS NULL AND NOT archived ORDER BY md5(id::text) LIMIT $CLAIM_IDS" >"$out/claim-ids.all"
    n_ids=$(wc -l <"$out/claim-ids.all")
    (( n_ids >= 100 )) || die "only $n_ids customers left in the pool; reload the data"
    preflight_id=$(head -1 "$out/claim-ids.all")
    # Disjoint slices: warm-up (25%), measured run (40%), light-load run (5%), one-rep run (30%).
    sed -n "2,$(( n_ids * 5 / 20 ))p" "$out/claim-ids.all" >"$out/claim-ids.warmup"
    sed -n "$(( n_ids * 5 / 20 + 1 )),$(( n_ids * 13 / 20 ))p" "$out/claim-ids.all" >"$out/claim-ids.measure"
    sed -n "$(( n_ids * 13 / 20 + 1 )),$(( n_ids * 14 / 20 ))p" "$out/claim-ids.all" >"$out/claim-ids.light"
    sed -n "$(( n_ids * 14 / 20 + 1 )),\$p" "$out/claim-ids.all" >"$out/claim-ids.same-rep"
    if [[ $CLAIM_WITH == new ]]; then
        # Reps of this run, 10 per team like the loaded ones, holding nothing yet (bench data, kept).
        claim_prefix="claim-$(date -u +%H%M%S)"
        psql_v "INSERT INTO app_user (id, login, display_name, team_id, active, version, created_at, created_by, updated_at, updated_by)
                SELECT md5('user:$claim_prefix-' || n)::uuid, '$claim_prefix-' || lpad(n::text, 3, '0'), '认领' || n,
                       (SELECT t.id FROM team t WHERE t.manager_id IS NOT NULL AND t.parent_id IS NOT NULL
                          AND EXISTS (SELECT 1 FROM team c WHERE c.id = t.parent_id AND c.parent_id IS NOT NULL)
                        ORDER BY t.name OFFSET (n - 1) % 20 LIMIT 1),
                       true, 0, now(), 'bench', now(), 'bench'
                FROM generate_series(1, $CLAIM_REPS) n" >/dev/null
        mapfile -t claim_logins < <(psql_v "SELECT login FROM app_user WHERE login LIKE '$claim_prefix-%' ORDER BY login")
        claim_who="$CLAIM_REPS new reps ($claim_prefix-001..), holding nothing before"
    else
        mapfile -t claim_logins < <(for r in $(seq 1 "$CLAIM_REPS"); do printf 'rep%03d\n' "$r"; done)
        claim_who="rep001..rep$(printf '%03d' "$CLAIM_REPS") (~4,000 customers each)"
    fi
    claim_who+=", reps $CLAIM_SPREAD per wrk thread"
    log "claims: minting tokens for $claim_who"
    : >"$out/claim-tokens.txt"
    for login in "${claim_logins[@]}"; do mint_token "$login" >>"$out/claim-tokens.txt"; echo >>"$out/claim-tokens.txt"; done
    code=$(curl -s -o "$out/preflight.json" -w '%{http_code}' -X POST -H "Authorization: Bearer $(head -1 "$out/claim-tokens.txt")" \
        "$api/api/v1/customers/$preflight_id/claim")
    [[ $code == 200 ]] || { log "POST /api/v1/customers/$preflight_id/claim answered $code:"; head -c 1000 "$out/preflight.json" >&2; echo >&2; die "claim preflight failed"; }
    if (( $(seconds "$CLAIM_WARMUP") > 0 )); then
        log "claims: warm-up $CLAIM_WARMUP"
        run_wrk claim-warmup "$bench_dir/wrk-claim.lua" "$CLAIM_WARMUP" "$api" -- "$out/claim-ids.warmup" "$out/claim-tokens.txt" "$THREADS" "$CLAIM_SPREAD"
    fi
    check_quiet claim
    log "claims: wrk -c $CONC for $DURATION, each request a different pool customer, by $claim_who in turn"
    claim_t0=$(psql_v "SELECT now()")
    measure_begin claim
    run_wrk claim "$bench_dir/wrk-claim.lua" "$DURATION" "$api" -- "$out/claim-ids.measure" "$out/claim-tokens.txt" "$THREADS" "$CLAIM_SPREAD"
    measure_end claim
    parse_wrk_result "$out/claim.wrk.txt"
    cpu_per_request "$(result_field requests)"; claim_cpu=$(cpu_cols)
    claim_rps=$r_rps claim_p50=$r_p50 claim_p99=$r_p99
    claim_ok=$(result_field ok) claim_409=$(result_field conflict)
    claim_other=$(( $(result_field requests) - claim_ok - claim_409 ))
    claim_wrapped=$(result_field wrapped)
    claims_logged=$(psql_v "SELECT count(*) FROM customer_owner_change WHERE kind = 'CLAIM' AND at >= '$claim_t0'")
    pool_after=$(psql_v "SELECT count(*) FROM customer WHERE owner_id IS NULL AND NOT archived")
    claim_desc="$claim_ok claimed (2xx), $claim_409 refused with 409, $claim_other other; $claims_logged CLAIM rows in the ownership log since the run started; pool $pool_before before the claim scenario, $pool_after after"
    (( claim_wrapped )) && claim_desc+="; the ids ran out and were reused (raise CLAIM_IDS)"
    log "claims: $claim_rps req/s, p50 $claim_p50 ms, p99 $claim_p99 ms; $claim_desc; $(cpu_note)"
    if (( LIGHT_CONC > 0 )); then
        check_quiet claim-light
        log "claims, light load: wrk -c $LIGHT_CONC for $DURATION"
        wrk_conc=$LIGHT_CONC run_wrk claim-light "$bench_dir/wrk-claim.lua" "$DURATION" "$api" -- "$out/claim-ids.light" "$out/claim-tokens.txt" "$(( THREADS < LIGHT_CONC ? THREADS : LIGHT_CONC ))" "$CLAIM_SPREAD"
        parse_wrk_result "$out/claim-light.wrk.txt"
        claim_light_rps=$r_rps claim_light_p50=$r_p50 claim_light_p99=$r_p99
        claim_light_desc="$(result_field ok) claimed, $(result_field conflict) refused with 409"
        (( $(result_field wrapped) )) && claim_light_desc+="; the ids ran out and were reused (raise CLAIM_IDS)"
        log "claims, light load: $claim_light_rps req/s, p50 $claim_light_p50 ms, p99 $claim_light_p99 ms; $claim_light_desc"
    fi
    if (( SAME_REP_CONC > 0 )); then
        check_quiet claim-same-rep
        log "claims by one rep: wrk -c $SAME_REP_CONC for $DURATION"
        head -1 "$out/claim-tokens.txt" >"$out/claim-tokens.same-rep"
        wrk_conc=$SAME_REP_CONC run_wrk claim-same-rep "$bench_dir/wrk-claim.lua" "$DURATION" "$api" -- "$out/claim-ids.same-rep" "$out/claim-tokens.same-rep" "$(( THREADS < SAME_REP_CONC ? THREADS : SAME_REP_CONC ))"
        parse_wrk_result "$out/claim-same-rep.wrk.txt"
        same_rep_rps=$r_rps same_rep_p50=$r_p50 same_rep_p99=$r_p99
        same_rep_desc="$(result_field ok) claimed, $(result_field conflict) refused with 409"
        (( $(result_field wrapped) )) && same_rep_desc+="; the ids ran out and were reused (raise CLAIM_IDS)"
        log "claims by one rep: $same_rep_rps req/s, p50 $same_rep_p50 ms, p99 $same_rep_p99 ms; $same_rep_desc"
    fi
fi

# ---------------------------------------------------------------- database ceiling of a claim's SQL
# The claim's two statements as the jar sends them (bench/ClaimSql.java reads them from it), between BEGIN and
# COMMIT, by as many clients as wrk had, each client one of this run's reps, each claim a customer still in the
# pool after the runs above: what the database alone does with claims on this machine at this moment, so that the
# API's p99 can be read against the database's own (the API's drain job keeps running beside it, as for the API).
replay_rps="" replay_p50="" replay_p99="" replay_cpu="" claim_replay_desc=""
if [[ $SKIP_CLAIM != 1 && $SKIP_PGBENCH != 1 && ${#claim_logins[@]} -ge $CONC ]]; then
    mapfile -t claim_sql < <(java -cp "$(dirname "$jar")/app/*:$(dirname "$jar")/lib/main/*" "$bench_dir/ClaimSql.java" 2>"$out/claim-sql.err")
    if (( ${#claim_sql[@]} == 2 )); then
        replay_n=$(( 2500 * ($(seconds "$WARMUP") + $(seconds "$DURATION")) )) # more than this box claims per second
        psql_q -c "DROP SCHEMA IF EXISTS claim_replay CASCADE" -c "CREATE SCHEMA claim_replay" \
            -c "CREATE SEQUENCE claim_replay.next" \
            -c "CREATE TABLE claim_replay.ids AS SELECT row_number() OVER () AS n, id FROM (SELECT id FROM $SCHEMA.customer
                WHERE owner_id IS NULL AND NOT archived ORDER BY md5(id::text) LIMIT $replay_n) p" \
            -c "CREATE UNIQUE INDEX ON claim_replay.ids (n)" \
            -c "CREATE TABLE claim_replay.reps AS SELECT row_number() OVER (ORDER BY login) - 1 AS n, id FROM $SCHEMA.app_user
                WHERE login = ANY('{$(IFS=,; echo "${claim_logins[*]}")}')" >/dev/null
        cat >"$out/claim-pgbench.sql" <<EOF
$(claim_gset claim_replay "(SELECT nextval('claim_replay.next'))" claim-replay)
BEGIN;
${claim_sql[0]};
${claim_sql[1]};
COMMIT;
EOF
        claim_replay_desc="pgbench -M prepared, $CONC clients: BEGIN, CustomerOwnership.LOCK_FOR_CLAIM, ClaimService.CLAIM (read from the jar), COMMIT; one rep per client, a customer still in the pool each"
        if (( $(seconds "$WARMUP") > 0 )); then
            log "pgbench (a claim's SQL) warm-up $WARMUP"
            PGOPTIONS="-c search_path=$SCHEMA,public" pgbench -n -M prepared -f "$out/claim-pgbench.sql" -c "$CONC" -j "$THREADS" \
                -T "$(seconds "$WARMUP")" "$BENCH_DB" >"$out/pgbench-claim-warmup.log" 2>&1 || { cat "$out/pgbench-claim-warmup.log" >&2; die "pgbench (claims) failed"; }
        fi
        check_quiet pgbench-claim
        log "pgbench (a claim's SQL) -c $CONC -j $THREADS -T $(seconds "$DURATION")"
        rm -f "$out"/pgbench_log.*
        cpu_begin
        (cd "$out" && PGOPTIONS="-c search_path=$SCHEMA,public" pgbench -n -M prepared -f "$out/claim-pgbench.sql" -c "$CONC" -j "$THREADS" \
            -T "$(seconds "$DURATION")" -l --log-prefix=pgbench_log "$BENCH_DB") >"$out/pgbench-claim.log" 2>&1 \
            || { cat "$out/pgbench-claim.log" >&2; die "pgbench (claims) failed"; }
        sleep 1
        replay_done=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$out/pgbench-claim.log")
        cpu_end "$replay_done"
        replay_cpu=${r_cpu_cluster:-n/a}
        replay_rps=$(printf '%.0f' "$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time).*/\1/p' "$out/pgbench-claim.log")")
        read -r replay_p50 replay_p99 < <(pgbench_latencies "$out")
        replay_claimed=$(psql_v "SELECT count(*) FROM customer_owner_change WHERE actor = 'claim-replay'")
        (( replay_claimed >= replay_done )) || die "the claim replay claimed $replay_claimed customers in $replay_done transactions (the pool ran out?)"
        psql_q -c "DROP SCHEMA claim_replay CASCADE" >/dev/null
        log "pgbench (a claim's SQL): $replay_rps tps, p50 $replay_p50 ms, p99 $replay_p99 ms; cluster CPU $replay_cpu ms per claim"
    else
        log "the jar's claim statements could not be read (bench/out/claim-sql.err): no claim replay"
    fi
fi

# ---------------------------------------------------------------- report
# Aims: issue 14's p99 < 30 ms at 16 connections for the main run, issue 4's p99 < 20 ms for the light one.
p99_aim=$(awk -v p="$check_p99" 'BEGIN {print (p < 30) ? "met" : "NOT met"}')
light_aim=$(awk -v p="${light_p99:-999}" 'BEGIN {print (p < 20) ? "met" : "NOT met"}')
java_version=$(java -version 2>&1 | head -1)
pg_version=$(pg_server)
{
    echo "# Conflict check and claim benchmark, $stamp"
    echo
    echo "- Machine: $(nproc) CPU cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM; wrk, the JVM and"
    echo "  PostgreSQL share them (loopback, same box)."
    echo "- $pg_version; $java_version; API ${jar} (commit $api_commit)"
    echo "- Data: $dataset${load_seconds:+; loaded in ${load_seconds}s (customers, contacts and keys ${load_customers_seconds}s)}"
    echo "- Loaded keys vs the application's Normalizer: $keycheck"
    echo "- Checks as $REP (group sales); name similarity threshold $threshold; wrk $CONC connections, $THREADS threads,"
    echo "  $JIT_WARMUP JIT warm-up, $WARMUP warm-up and $DURATION measured per scenario."
    echo
    if [[ $SKIP_CHECKS != 1 ]]; then
        echo "## Recall and precision ($(wc -l <"$out/conflict-probes.jsonl") probes, one at a time)"
        echo
        cat "$out/conflict-recall.md"
        echo
    fi
    echo "## Speed"
    echo
    echo "CPU per request over the measured window, from /proc: JVM = the API's java process, DB = the PostgreSQL"
    echo "backends of the API's pool, cluster = every PostgreSQL process (other sessions' work included)."
    echo
    echo "| scenario | request | req/s | p50 ms | p99 ms | notes |"
    echo "|---|---|---:|---:|---:|---|"
    [[ -n $check_rps ]] && echo "| conflict check | POST $check_path, name probes of every class in turn | $check_rps | $check_p50 | $check_p99 | p90 $check_p90 ms; $check_ok of $check_requests answered 200, errors $check_err; p99 < 30 ms (issue 14, 16 connections): $p99_aim; CPU per request: $check_cpu |"
    if [[ -n $light_rps ]]; then
        echo "| conflict check, light load | the same with $LIGHT_CONC connections | $light_rps | $light_p50 | $light_p99 | errors $light_err; p99 < 20 ms (issue 4): $light_aim |"
    fi
    if [[ -n $pg_tps ]]; then
        echo "| database ceiling | $replay_desc | $pg_tps tps | $pg_p50 | $pg_p99 | same normalised names, same threshold; CPU per transaction: cluster $pg_cpu ms |"
        echo "| ratio | conflict check ÷ its pgbench replay | **$(awk -v a="$check_rps" -v b="$pg_tps" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "n/a"}')** × | | | CPU per request: API $check_cpu; replay cluster $pg_cpu ms |"
    fi
    if [[ -n $claim_rps ]]; then
        echo "| claim | POST /api/v1/customers/{id}/claim, a different pool customer each, by $claim_who in turn | $claim_rps | $claim_p50 | $claim_p99 | $claim_desc; CPU per request: $claim_cpu |"
        if [[ -n $claim_light_rps ]]; then
            echo "| claim, light load | the same with $LIGHT_CONC connections | $claim_light_rps | $claim_light_p50 | $claim_light_p99 | $claim_light_desc |"
        fi
        if [[ -n $same_rep_rps ]]; then
            echo "| claim, one rep | the same with $SAME_REP_CONC connections, every claim by the first rep (they queue on its user row) | $same_rep_rps | $same_rep_p50 | $same_rep_p99 | $same_rep_desc |"
        fi
        if [[ -n $replay_rps ]]; then
            echo "| claim's database ceiling | $claim_replay_desc | $replay_rps tps | $replay_p50 | $replay_p99 | CPU per claim: cluster $replay_cpu ms |"
            echo "| ratio | claims ÷ their pgbench replay | **$(awk -v a="$claim_rps" -v b="$replay_rps" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "n/a"}')** × | | | p99 API $claim_p99 ms, replay $replay_p99 ms |"
        fi
    fi
    echo
    if [[ $SKIP_CHECKS != 1 ]]; then
        echo "Buffers per check (bench/conflict-buffers.py, every name probe's statements as the jar sends them; per probe in"
        echo "bench/out/conflict-buffers.tsv):"
        echo
        echo '```'
        echo "$buffers_summary"
        echo '```'
        echo
        echo "Database side of the check (bench/out/conflict-sql.txt; plans in bench/out/conflict-explain.txt):"
        echo
        echo '```'
        cat "$out/conflict-sql.txt"
        echo '```'
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
