#!/usr/bin/env bash
# Where the API's database sessions spend a window, by sampling pg_stat_activity every 20 ms (bench/README.md,
# "The claims' tail"): run it beside a bench, then read the summary of the claim transactions it saw.
#
#   bench/wait-sample.sh SECONDS OUT_FILE [SLOW_MS]
#
# Samples the backends of the API on API_PORT (their ApplicationName, as bench/lib.sh names it) in BENCH_DB
# for SECONDS, writes every sample to OUT_FILE, then prints per (statement, state) the share of the samples
# of claim transactions that ran at least SLOW_MS (default 50) beside the share of all claim transactions'.
# A sample is 20 ms of one session: 'JVM (idle in tx)' is the database waiting for the API's next statement.
set -euo pipefail
(( $# >= 2 )) || { echo "usage: $0 SECONDS OUT_FILE [SLOW_MS]" >&2; exit 2; }
seconds=$1 file=$2 slow=${3:-50}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
app="crm-bench-${API_PORT:-8089}"
timeout "$seconds" psql -X -q -d "${BENCH_DB:-postgres}" -v app="$app" >"$file" 2>/dev/null <<'SQL' || true
\pset format unaligned
\pset tuples_only on
SELECT to_char(clock_timestamp(), 'HH24:MI:SS.MS'), pid, state, coalesce(wait_event_type, '-'), coalesce(wait_event, '-'),
    left(regexp_replace(query, '\s+', ' ', 'g'), 30), round(extract(epoch FROM clock_timestamp() - xact_start) * 1000)
FROM pg_stat_activity WHERE application_name = :'app' AND state <> 'idle' AND pid <> pg_backend_pid() \watch 0.02
SQL
python3 - "$file" "$slow" <<'PY'
import collections, sys
slow = float(sys.argv[2])
tx = collections.defaultdict(list)
for line in open(sys.argv[1], errors='replace'):
    f = line.rstrip('\n').split('|')
    if len(f) != 7 or f[6] == '':
        continue
    h, m, s = f[0].split(':')
    t, age, q = int(h) * 3600 + int(m) * 60 + float(s), float(f[6]), f[5]
    kind = ('lock' if q.startswith('WITH u AS') else 'claim CTE' if q.startswith('WITH rules')
            else q.split(' ')[0] if q.split(' ')[0] in ('BEGIN', 'COMMIT') else 'other')
    state = 'JVM (idle in tx)' if f[2].startswith('idle') else 'cpu' if f[4] == '-' else f[3] + ':' + f[4]
    tx[(f[1], round((t - age / 1000) * 100))].append((age, kind, state))  # a transaction: backend, start to 10 ms
claims = {k: v for k, v in tx.items() if all(kind in ('lock', 'claim CTE', 'BEGIN', 'COMMIT') for _, kind, _ in v)}
slow_tx = {k for k, v in claims.items() if max(a for a, _, _ in v) >= slow}
every, slowest = collections.Counter(), collections.Counter()
for k, v in claims.items():
    for _, kind, state in v:
        every[(kind, state)] += 1
        if k in slow_tx:
            slowest[(kind, state)] += 1
print(f'claim transactions sampled: {len(claims)}, of them seen at {slow:.0f} ms or older: {len(slow_tx)}')
print(f'{"statement / state":44} {"slow ones":>10} {"all":>7}')
for (kind, state), n in sorted(every.items(), key=lambda x: -(slowest[x[0]] or x[1] / 1e6))[:16]:
    print(f'{kind + " / " + state:44} {100 * slowest[(kind, state)] / max(1, sum(slowest.values())):9.1f}% '
          f'{100 * n / sum(every.values()):6.1f}%')
PY
