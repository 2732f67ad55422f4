#!/usr/bin/env bash
# Top frames per scenario of the flight recordings a PROFILE=1 run of bench/run.sh or bench/conflict.sh
# kept (one <scenario>.jfr per measured window); see bench/README.md, "Issue 14".
#
#   bench/profile-top.sh bench/out/profile-<stamp>            # every scenario of that run
#   bench/profile-top.sh bench/out/profile-<stamp>/get-one.jfr
#   TOP=25 bench/profile-top.sh ...                           # more frames [15]
#
# Needs the JDK's `jfr` tool and python3 (stdlib). Execution samples only: threads running Java code;
# time in native code (socket reads and writes), in GC and in the JIT compiler is not among them.
set -euo pipefail

TOP=${TOP:-15}
STACK_DEPTH=${STACK_DEPTH:-256}
bench_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)

(( $# )) || { sed -n '2,10p' "$0" >&2; exit 2; }
command -v jfr >/dev/null || { echo "missing: jfr (part of a JDK 17+)" >&2; exit 1; }

files=()
for a in "$@"; do
    if [[ -d $a ]]; then
        # The whole run's recording (whole-run.jfr) mixes every scenario: not listed unless named.
        for f in "$a"/*.jfr; do [[ -e $f && ${f##*/} != whole-run.jfr ]] && files+=("$f"); done
    else
        files+=("$a")
    fi
done
((${#files[@]})) || { echo "no .jfr files in $*" >&2; exit 1; }

for f in "${files[@]}"; do
    name=${f##*/}
    jfr print --events jdk.ExecutionSample --stack-depth "$STACK_DEPTH" "$f" \
        | python3 "$bench_dir/profile-top.py" "${name%.jfr}" "$TOP"
    echo
done
