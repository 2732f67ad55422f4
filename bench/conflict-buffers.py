#!/usr/bin/env python3
"""Buffers per conflict check, probe by probe, as a jar's statements read them (issue 14); standard library only.

    python3 bench/conflict-buffers.py APP_JAR CORES_TSV OUT_TSV [THRESHOLD [EVERY]]

PG* variables, BENCH_DB and SCHEMA (default crm_bench) say where. CORES_TSV is bench/conflict.sh's
conflict-cores.tsv (class and normalised name of every name probe; every EVERY-th is taken, default 1).
The statements are the jar's ConflictRepository.FIND and, when the jar has it, HOLDINGS (read with javap),
prepared in one session as the driver prepares them and run six times first, so that PostgreSQL's plan cache
has made its choice; then each probe's FIND runs under EXPLAIN (ANALYZE, BUFFERS) with the name's NAME key
as its exact key, as the pgbench replay of bench/conflict.sh sends it. With HOLDINGS, the typo candidates
the check shows (verified and ranked as ConflictService does: conflict.py's one_edit_apart, score
1 - 1/length, the best ten; among equal scores this picks its own, as ConflictService's hash order does)
without a holding are read by HOLDINGS under EXPLAIN too. Writes per probe: class, core, FIND buffers,
HOLDINGS buffers (0 when not sent), FIND rows, how many ids HOLDINGS read and which ({} for none); then prints avg / p50 / p99 per class
and overall, and the plan cache's generic / custom counts of each statement (pg_prepared_statements).
"""
import json
import os
import re
import subprocess
import sys
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from conflict import one_edit_apart  # noqa: E402

MAX_SIMILAR = 10
TYPO_LIMIT = 100


def constants(app_jar):
    out = subprocess.run(["javap", "-cp", app_jar, "-constants", "-p", "io.github.crmvault.conflict.ConflictRepository"],
                         capture_output=True, text=True, check=True).stdout
    found = {}
    for line in out.splitlines():
        m = re.match(r'\s*static final java.lang.String (\w+) = "(.*)";\s*$', line)
        if m:
            found[m.group(1)] = m.group(2).encode("latin-1", "backslashreplace").decode("unicode_escape")
    return found


def positional(sql):
    """Named parameters (:core) to $n, with their names in order of first use."""
    names = []

    def sub(m):
        if m.group(1) not in names:
            names.append(m.group(1))
        return f"${names.index(m.group(1)) + 1}"
    return re.sub(r"(?<!:):(\w+)", sub, sql), names


def literal(value):
    if value is None:
        return "NULL"
    if isinstance(value, (int, float)):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def text_array(values):
    return "{" + ",".join('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values) + "}"


def params(core, threshold):
    return {"core": core, "parent": "", "threshold": threshold, "self": "00000000-0000-0000-0000-000000000000",
            "similarLimit": MAX_SIMILAR, "typoLimit": TYPO_LIMIT, "kinds": "{NAME}", "values": text_array([core])}


def psql(script):
    return subprocess.run(["psql", "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1",
                           "-d", os.environ.get("BENCH_DB", "postgres")],
                          input=script, capture_output=True, text=True, check=True).stdout


def execute(name, names, values):
    return f"EXECUTE {name}(" + ", ".join(literal(values[n]) for n in names) + ")"


def shown_without_holding(core, rows):
    """The ids ConflictService reads holdings for: shown typo candidates that no other part brought."""
    scores, held = {}, set()
    typos = []
    for src, hit_id, hit_core, sim in rows:
        if src == 2:
            typos.append((hit_id, hit_core, sim))
        else:
            held.add(hit_id)
            if src == 1:
                scores[hit_id] = sim
    for hit_id, hit_core, sim in typos:
        if one_edit_apart(core, hit_core):
            score = max(sim, 1.0 - 1.0 / max(len(core), len(hit_core)))
            scores[hit_id] = max(scores.get(hit_id, score), score)
    best = sorted(scores.items(), key=lambda e: -e[1])[:MAX_SIMILAR]
    return [hit_id for hit_id, _ in best if hit_id not in held]


def buffers(plan_json):
    plan = json.loads(plan_json)[0]
    total = 0
    for part in (plan["Plan"], plan.get("Planning", {})):
        total += part.get("Shared Hit Blocks", 0) + part.get("Shared Read Blocks", 0)
    return total, plan["Plan"].get("Actual Rows", 0)


def pct(values, p):
    s = sorted(values)
    return s[max(0, min(len(s) - 1, int(round(p / 100.0 * len(s) + 0.5)) - 1))] if s else 0


def main():
    app_jar, cores_tsv, out_tsv = sys.argv[1:4]
    threshold = float(sys.argv[4]) if len(sys.argv) > 4 else 0.55
    every = int(sys.argv[5]) if len(sys.argv) > 5 else 1
    schema = os.environ.get("SCHEMA", "crm_bench")
    sql = constants(app_jar)
    find_sql, find_names = positional(sql["FIND"])
    holdings_sql, holdings_names = positional(sql["HOLDINGS"]) if "HOLDINGS" in sql else (None, [])
    probes = [line.rstrip("\n").split("\t") for line in open(cores_tsv, encoding="utf-8") if "\t" in line]
    probes = probes[::every]
    head = [f"SET search_path = {schema}, public;", "SET jit = off;",
            f"PREPARE find AS {find_sql};"]
    if holdings_sql:
        head.append(f"PREPARE holdings AS {holdings_sql};")
    warm = [execute("find", find_names, params(core, threshold)) + ";" for _, core in probes[:6]]

    # What each check shows, from FIND's rows (only the jars that read the typos' holdings apart need it).
    to_hold = {}
    if holdings_sql:
        script = head + warm
        for i, (_, core) in enumerate(probes):
            script.append(f"\\echo '#{i}'")
            script.append(execute("find", find_names, params(core, threshold)) + ";")
        current, rows = None, defaultdict(list)
        for line in psql("\n".join(script) + "\n").splitlines():
            if line.startswith("#"):
                current = int(line[1:])
            elif current is not None and line:
                src, hit_id, hit_core, sim = line.split("\t")[:4]
                rows[current].append((int(src), hit_id, hit_core, float(sim) if sim else None))
        for i, (_, core) in enumerate(probes):
            to_hold[i] = shown_without_holding(core, rows[i])

    script = head + warm
    if holdings_sql:
        script += [execute("holdings", holdings_names, {"ids": "{" + ",".join(ids) + "}"}) + ";"
                   for ids in [ids for ids in to_hold.values() if ids][:6]]
    for i, (_, core) in enumerate(probes):
        script.append(f"\\echo '#{i} find'")
        script.append("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + execute("find", find_names, params(core, threshold)) + ";")
        if to_hold.get(i):
            script.append(f"\\echo '#{i} holdings'")
            script.append("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) "
                          + execute("holdings", holdings_names, {"ids": "{" + ",".join(to_hold[i]) + "}"}) + ";")
    script.append("\\echo '#plans'")
    script.append("SELECT name, generic_plans, custom_plans FROM pg_prepared_statements ORDER BY name;")
    current, chunks, plans = None, defaultdict(list), []
    for line in psql("\n".join(script) + "\n").splitlines():
        if line.startswith("#"):
            current = line[1:]
        elif current == "plans" and line:
            plans.append(line.replace("\t", " generic/custom "))
        elif current is not None:
            chunks[current].append(line)
    by_class = defaultdict(list)
    with open(out_tsv, "w", encoding="utf-8") as out:
        for i, (cls, core) in enumerate(probes):
            find_buffers, find_rows = buffers("\n".join(chunks[f"{i} find"]))
            hold_buffers = buffers("\n".join(chunks[f"{i} holdings"]))[0] if to_hold.get(i) else 0
            ids = to_hold.get(i, [])
            out.write(f"{cls}\t{core}\t{find_buffers}\t{hold_buffers}\t{find_rows}\t{len(ids)}\t{{{','.join(ids)}}}\n")
            by_class[cls].append((find_buffers + hold_buffers, find_buffers, hold_buffers))
    print("class\tprobes\tbuffers avg\tp50\tp99\tmax\tof which HOLDINGS avg")
    everything = [v for values in by_class.values() for v in values]
    for cls, values in sorted(by_class.items()) + [("all", everything)]:
        totals = [v[0] for v in values]
        print(f"{cls}\t{len(values)}\t{sum(totals) / len(totals):.0f}\t{pct(totals, 50)}\t{pct(totals, 99)}\t{max(totals)}"
              f"\t{sum(v[2] for v in values) / len(values):.0f}")
    print("plan cache: " + "; ".join(plans))


if __name__ == "__main__":
    main()
