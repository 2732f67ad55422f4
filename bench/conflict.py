#!/usr/bin/env python3
"""Recall and precision of the conflict check (bench/conflict.sh); Python 3 standard library only.

    python3 bench/conflict.py API_URL TOKEN PROBES_JSONL OUT_DIR [SCHEMA]

Sends every probe of bench/conflict-probes.sql, one after the other over one keep-alive connection,
to POST /api/v1/conflict-checks and compares the answer with the probe's expectation:

  same-company classes (region, suffix, brackets, width, spacing, mixed, key-*): found when the
      decision is BLOCKED and the expected customer is among the matches with an exact key;
  typo classes and region-inside: found when the expected customer is among the matches at all;
  unrelated classes (unrelated, unloaded, unrelated-branch, unrelated-english): flagged when the decision
      is not CLEAR;
  keys version 2 (issue 13 §5): traditional, english-region, subdomain and contact-mobile as the
      same-company classes; branch found when the decision is WARNING and the expected customer is a
      match with relationship BRANCH_OF.

A match is the expected customer when its customerId is the expected id or, for customers the caller
cannot see (no id in the answer), when its name is the expected customer's name (names are unique in
the bench data). Writes to OUT_DIR:
  conflict-recall.md        the results table (markdown)
  conflict-results.jsonl    every probe with its decision, whether it was found, the matches (name, keys,
                            similarity, relationship, status, holder)
  conflict-bodies.jsonl     the request bodies of the name probes, for the wrk scenario
  conflict-cores.tsv        class and normalised name (the NAME key the API reported) of each name probe
and one line "RESULT ..." per class on standard output.

With SCHEMA (psql reaches the database through PG* variables and BENCH_DB), typo recall is also split by
how crowded each typo's neighbourhood is: the loaded names one edit away from the probe's normalised
name (found through the variant table without a limit, verified as the API's Typos does). With more
of them than the 10 matches a check reports, the intended one cannot be told from the others by the
name alone.
"""
import os
import subprocess
import http.client
import json
import sys
import time
import urllib.parse
from collections import Counter, OrderedDict, defaultdict

SAME_COMPANY = ["region", "suffix", "brackets", "width", "spacing", "mixed"]
TYPOS = ["typo-sub", "typo-ins", "typo-del", "typo-swap"]
REPORT_ONLY = ["region-inside"]
UNRELATED = ["unrelated", "unloaded", "unrelated-branch", "unrelated-english"]
KEYS = ["exact", "key-phone", "key-credit", "key-email", "key-web"]
# Keys version 2 (issue 13 §5): the same company written otherwise, found by an exact key (BLOCKED).
NEW_SAME = ["traditional", "english-region", "subdomain", "contact-mobile"]
BRANCHES = ["branch"]
ORDER = SAME_COMPANY + TYPOS + REPORT_ONLY + UNRELATED + KEYS + NEW_SAME + BRANCHES

DESCRIPTION = {
    "region": "region prefix changed, added or removed",
    "suffix": "another legal form (or none)",
    "brackets": "bracketed region or 中国, （）/()/【】",
    "width": "full-width letters/digits (ASCII trade names)",
    "spacing": "ASCII or ideographic spaces",
    "mixed": "region + legal form + brackets/spacing/width",
    "typo-sub": "one character substituted",
    "typo-ins": "one character inserted",
    "typo-del": "one character deleted",
    "typo-swap": "two neighbours swapped",
    "region-inside": "city between trade name and business word (no aim)",
    "unrelated": "characters no loaded name uses",
    "unloaded": "new names of the loaded kinds",
    "exact": "the name as stored",
    "key-phone": "phone in another format",
    "key-credit": "credit code in lower case",
    "key-email": "another mailbox at the company domain",
    "key-web": "website with scheme, case and path",
    "traditional": "the name in Traditional characters",
    "english-region": "an English region word before or after the name",
    "subdomain": "a mailbox or website on a subdomain of its domain",
    "contact-mobile": "a contact's mobile",
    "branch": "a branch office of it (WARNING, BRANCH_OF)",
    "unrelated-branch": "branches of unrelated names",
    "unrelated-english": "unrelated names with an English region word",
}


def one_edit_apart(a, b):
    """Typos.oneEditApart: one substitution, insertion, deletion or swap of neighbours (code points)."""
    x, y = list(a), list(b)
    if len(x) < len(y):
        x, y = y, x
    if len(x) - len(y) > 1:
        return False
    i = 0
    while i < len(y) and x[i] == y[i]:
        i += 1
    if len(x) != len(y):
        return x[i + 1:] == y[i:]
    if i == len(x):
        return False
    return x[i + 1:] == y[i + 1:] or (i + 1 < len(x) and x[i] == y[i + 1] and x[i + 1] == y[i] and x[i + 2:] == y[i + 2:])


def neighbourhoods(schema, cores):
    """For each normalised name: how many loaded names are one edit away from it."""
    sql = f"""SET search_path = {schema}, public;
CREATE TEMP TABLE q (core text PRIMARY KEY);
COPY q FROM STDIN;
{chr(10).join(sorted(set(cores)))}
\\.
SELECT q.core, n.core_name FROM q
JOIN customer_name_variant v ON v.variant = ANY(ARRAY(SELECT customer_name_variants(q.core)) || q.core)
JOIN customer_name n ON n.customer_id = v.customer_id
GROUP BY 1, 2;
"""
    out = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1",
                          "-d", os.environ.get("BENCH_DB", "postgres")],
                         input=sql, capture_output=True, text=True, check=True).stdout
    counts = Counter()
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) == 2 and one_edit_apart(parts[0], parts[1]):
            counts[parts[0]] += 1
    return counts


def percentile(values, p):
    if not values:
        return 0.0
    s = sorted(values)
    i = max(0, min(len(s) - 1, int(round(p / 100.0 * len(s) + 0.5)) - 1))
    return s[i]


def main():
    base, token, probes_path, out_dir = sys.argv[1:5]
    schema = sys.argv[5] if len(sys.argv) > 5 else None
    typo_rows = []
    url = urllib.parse.urlparse(base)
    conn = http.client.HTTPConnection(url.hostname, url.port or 80, timeout=30)
    headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json", "Accept": "application/json"}

    probes = [json.loads(line) for line in open(probes_path, encoding="utf-8") if line.strip()]
    stats = defaultdict(lambda: {"n": 0, "found": 0, "flagged": 0, "blocked": 0, "decisions": Counter(),
                                 "others": 0, "lat": [], "errors": 0, "variants": defaultdict(lambda: [0, 0])})
    results = open(f"{out_dir}/conflict-results.jsonl", "w", encoding="utf-8")
    bodies = open(f"{out_dir}/conflict-bodies.jsonl", "w", encoding="utf-8")
    cores = open(f"{out_dir}/conflict-cores.tsv", "w", encoding="utf-8")
    started = time.time()
    for i, probe in enumerate(probes):
        cls = probe["class"]
        body = json.dumps(probe["body"], ensure_ascii=False).encode("utf-8")
        t0 = time.perf_counter()
        for attempt in range(3):
            try:
                conn.request("POST", "/api/v1/conflict-checks", body=body, headers=headers)
                response = conn.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, OSError):
                conn.close()
                conn = http.client.HTTPConnection(url.hostname, url.port or 80, timeout=30)
                if attempt == 2:
                    raise
        elapsed_ms = (time.perf_counter() - t0) * 1000.0
        st = stats[cls]
        st["n"] += 1
        st["lat"].append(elapsed_ms)
        if response.status != 200:
            st["errors"] += 1
            results.write(json.dumps({"no": probe["no"], "class": cls, "status": response.status,
                                      "error": data.decode("utf-8", "replace")[:500]}, ensure_ascii=False) + "\n")
            continue
        answer = json.loads(data)
        decision = answer["decision"]
        matches = answer.get("matches", [])
        expect, expect_name = probe.get("expect"), probe.get("expectName")

        def is_expected(m):
            return expect is not None and (m.get("customerId") == expect
                                           or (m.get("customerId") is None and m.get("name") == expect_name))

        hit = [m for m in matches if is_expected(m)]
        others = len(matches) - len(hit)
        if cls in SAME_COMPANY or cls in KEYS or cls in NEW_SAME:
            found = decision == "BLOCKED" and any(m.get("matchedKeys") for m in hit)
        elif cls in BRANCHES:
            found = decision == "WARNING" and any(m.get("relationship") == "BRANCH_OF" for m in hit)
        elif cls in UNRELATED:
            found = False
        else:
            found = bool(hit)
        st["found"] += found
        st["flagged"] += decision != "CLEAR"
        st["blocked"] += decision == "BLOCKED"
        st["decisions"][decision] += 1
        st["others"] += others
        v = st["variants"][probe.get("variant") or ""]
        v[0] += 1
        v[1] += (decision != "CLEAR") if cls in UNRELATED else found
        name_key = next((k["value"] for k in answer.get("checkedKeys", []) if k["kind"] == "NAME"), None)
        if "name" in probe["body"]:
            bodies.write(json.dumps(probe["body"], ensure_ascii=False) + "\n")
            if name_key:
                cores.write(f"{cls}\t{name_key}\n")
        if cls in TYPOS and name_key:
            typo_rows.append((name_key, found))
        results.write(json.dumps({
            "no": probe["no"], "class": cls, "variant": probe.get("variant"), "body": probe["body"],
            "expectName": expect_name, "decision": decision, "found": found, "nameKey": name_key,
            "ms": round(elapsed_ms, 2),
            "matches": [{"name": m.get("name"), "keys": [k["kind"] for k in m.get("matchedKeys", [])],
                         "similarity": m.get("nameSimilarity"), "relationship": m.get("relationship"),
                         "status": m.get("status"), "holder": m.get("holder")}
                        for m in matches]}, ensure_ascii=False) + "\n")
        if (i + 1) % 1000 == 0:
            print(f"progress {i + 1}/{len(probes)} in {time.time() - started:.0f}s", file=sys.stderr, flush=True)
    results.close()
    bodies.close()
    cores.close()

    def pct(a, b):
        return f"{100.0 * a / b:.1f}%" if b else "n/a"

    lines = ["| class | what differs | probes | found (recall) | decisions | other customers per answer | p50 ms | p99 ms |",
             "|---|---|---:|---:|---|---:|---:|---:|"]
    classes = [c for c in ORDER if c in stats] + sorted(c for c in stats if c not in ORDER)
    for cls in classes:
        st = stats[cls]
        n = st["n"] - st["errors"]
        if cls in UNRELATED:
            found_text = f"flagged {st['flagged']} ({pct(st['flagged'], n)}), blocked {st['blocked']}"
        else:
            found_text = f"{st['found']} ({pct(st['found'], n)})"
        decisions = ", ".join(f"{k} {v}" for k, v in sorted(st["decisions"].items()))
        if st["errors"]:
            decisions += f", errors {st['errors']}"
        lines.append(f"| {cls} | {DESCRIPTION.get(cls, '')} | {st['n']} | {found_text} | {decisions} | "
                     f"{st['others'] / n if n else 0:.2f} | {percentile(st['lat'], 50):.1f} | {percentile(st['lat'], 99):.1f} |")
        print(f"RESULT class={cls} n={st['n']} found={st['found']} flagged={st['flagged']} blocked={st['blocked']} "
              f"errors={st['errors']} p50_ms={percentile(st['lat'], 50):.2f} p99_ms={percentile(st['lat'], 99):.2f}")

    def total(group):
        n = sum(stats[c]["n"] - stats[c]["errors"] for c in group if c in stats)
        f = sum(stats[c]["found"] for c in group if c in stats)
        return f, n

    f, n = total(SAME_COMPANY)
    lines.append("")
    lines.append(f"- **Same company, different spelling** (region, suffix, brackets, width, spacing, mixed): "
                 f"{f} of {n} found BLOCKED = **{pct(f, n)}** (aim ≥ 95%: {'met' if n and f / n >= 0.95 else 'NOT met'})")
    f, n = total(TYPOS)
    lines.append(f"- **One-character typos** (substituted, inserted, deleted, swapped): {f} of {n} found = **{pct(f, n)}**")
    for c in UNRELATED:
        if c in stats:
            st = stats[c]
            n = st["n"] - st["errors"]
            lines.append(f"- **{c}** ({DESCRIPTION[c]}): flagged {pct(st['flagged'], n)} (WARNING {st['decisions']['WARNING']}, "
                         f"BLOCKED {st['blocked']}) of {n}")
    f, n = total(KEYS)
    if n:
        lines.append(f"- **Exact keys** (the stored name, phone, credit code, e-mail domain, website): {f} of {n} BLOCKED = {pct(f, n)}")
    for c in NEW_SAME + BRANCHES:
        if c in stats:
            st = stats[c]
            n = st["n"] - st["errors"]
            expected = "WARNING with BRANCH_OF" if c in BRANCHES else "BLOCKED"
            lines.append(f"- **{c}** ({DESCRIPTION[c]}): {st['found']} of {n} {expected} = **{pct(st['found'], n)}**")
    if schema and typo_rows:
        crowd = neighbourhoods(schema, [core for core, _ in typo_rows])
        few = [found for core, found in typo_rows if crowd[core] <= 10]
        many = [found for core, found in typo_rows if crowd[core] > 10]
        lines.append(f"  - typos whose normalised name has at most 10 loaded names one edit away (the check can list them all): "
                     f"{sum(few)} of {len(few)} found = **{pct(sum(few), len(few))}**; with more than 10 (up to "
                     f"{max(crowd.values()) if crowd else 0}, median {percentile([crowd[c] for c, _ in typo_rows if crowd[c] > 10], 50):.0f}): "
                     f"{sum(many)} of {len(many)} = {pct(sum(many), len(many))}")
    all_lat = [x for st in stats.values() for x in st["lat"]]
    lines.append(f"- One client, one request at a time: {len(all_lat)} checks in {time.time() - started:.0f} s, "
                 f"p50 {percentile(all_lat, 50):.1f} ms, p99 {percentile(all_lat, 99):.1f} ms, max {max(all_lat):.1f} ms")
    # Per-variant recall where a class has several variants and something was missed.
    details = []
    for cls in classes:
        variants = stats[cls]["variants"]
        if cls in UNRELATED:
            if len(variants) > 1 and stats[cls]["flagged"]:
                details.append(f"  - {cls} (flagged): " + ", ".join(f"{k} {v[1]}/{v[0]}" for k, v in sorted(variants.items())))
        elif len(variants) > 1 and stats[cls]["found"] < stats[cls]["n"]:
            details.append(f"  - {cls}: " + ", ".join(f"{k} {v[1]}/{v[0]}" for k, v in sorted(variants.items())))
    if details:
        lines.append("- By variant, where a class missed some (or flagged some unrelated names):")
        lines.extend(details)
    with open(f"{out_dir}/conflict-recall.md", "w", encoding="utf-8") as f_out:
        f_out.write("\n".join(lines) + "\n")
    print("\n".join(lines), file=sys.stderr)


if __name__ == "__main__":
    main()
