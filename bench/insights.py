#!/usr/bin/env python3
"""Client side of bench/insights.sh (stdlib only).

  insights.py latency API TOKEN PATHS_FILE N CONC [ACCEPT]
      N requests over CONC keep-alive connections, the paths of PATHS_FILE taken in turn (one per
      line; a line "TOKEN<TAB>PATH" uses its own token). Prints one line:
      RESULT requests=.. ok=.. errors=.. seconds=.. rps=.. p50_ms=.. p90_ms=.. p99_ms=.. max_ms=.. mean_ms=.. bytes_avg=..
      and one line per path (PATH p50 max status bytes) on stderr. Statuses other than 200 are errors.

  insights.py export API TOKEN PATH ACCEPT PID [SAMPLE_MS]
      Streams one export over one connection, counting records (NDJSON: lines; CSV: lines minus the
      header) and bytes, while it samples the JVM's heap with jstat -gc PID every SAMPLE_MS (250).
      Prints RESULT status=.. rows=.. bytes=.. seconds=.. ttfb_ms=.. rows_per_s=.. mb_per_s=..
      heap_before_mb=.. heap_peak_mb=.. old_peak_mb=.. old_after_mb=.. ygc=.. fgc=.. samples=..

  insights.py pglog LOGFILE FROM_OFFSET TO_OFFSET
      The PostgreSQL log between two byte offsets: the statements the API's sessions logged (they run
      with log_min_duration_statement, see insights.sh), grouped by their first 110 characters: count,
      total, mean and max ms, slowest first.
"""
import re
import http.client
import os
import subprocess
import sys
import threading
import time
import urllib.parse


def connect(api):
    u = urllib.parse.urlsplit(api)
    return http.client.HTTPConnection(u.hostname, u.port or 80, timeout=600)


def pct(sorted_values, p):
    if not sorted_values:
        return 0.0
    i = max(0, min(len(sorted_values) - 1, int(round(p / 100.0 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[i]


def latency(api, token, paths_file, n, conc, accept):
    entries = []
    for line in open(paths_file, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line:
            continue
        if "\t" in line:
            tok, path = line.split("\t", 1)
        else:
            tok, path = token, line
        entries.append((tok, path))
    if not entries:
        sys.exit("no paths in " + paths_file)
    lock = threading.Lock()
    state = {"next": 0}
    samples = []  # (path, ms, status, bytes)

    def worker():
        conn = connect(api)
        while True:
            with lock:
                k = state["next"]
                if k >= n:
                    break
                state["next"] = k + 1
            tok, path = entries[k % len(entries)]
            headers = {"Authorization": "Bearer " + tok, "Accept": accept}
            t0 = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                resp = conn.getresponse()
                body = resp.read()
                status = resp.status
            except (http.client.HTTPException, OSError):
                conn.close()
                conn = connect(api)
                body, status = b"", 0
            ms = (time.perf_counter() - t0) * 1000
            with lock:
                samples.append((path, ms, status, len(body)))
                if status != 200 and sum(1 for s in samples if s[2] != 200) <= 3:
                    sys.stderr.write("non-200 %s for %s: %s\n" % (status, path, body[:300].decode("utf-8", "replace")))
        conn.close()

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(conc)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - t0
    times = sorted(s[1] for s in samples)
    ok = sum(1 for s in samples if s[2] == 200)
    by_path = {}
    for path, ms, status, size in samples:
        by_path.setdefault(path, []).append((ms, status, size))
    for path, rows in by_path.items():
        ms = sorted(r[0] for r in rows)
        sys.stderr.write("PATH %s n=%d p50_ms=%.1f max_ms=%.1f statuses=%s bytes=%d\n" % (
            urllib.parse.unquote(path), len(rows), pct(ms, 50), ms[-1],
            ",".join(sorted({str(r[1]) for r in rows})), rows[-1][2]))
    print("RESULT requests=%d ok=%d errors=%d seconds=%.2f rps=%.2f p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f max_ms=%.1f "
          "mean_ms=%.1f bytes_avg=%d" % (
              len(samples), ok, len(samples) - ok, seconds, len(samples) / seconds if seconds else 0,
              pct(times, 50), pct(times, 90), pct(times, 99), times[-1] if times else 0,
              sum(times) / len(times) if times else 0,
              sum(s[3] for s in samples) / len(samples) if samples else 0))


class HeapSampler(threading.Thread):
    """jstat -gc PID INTERVAL: heap used = S0U + S1U + EU + OU (KB)."""

    def __init__(self, pid, interval_ms):
        super().__init__(daemon=True)
        self.proc = subprocess.Popen(["jstat", "-gc", str(pid), str(interval_ms)], stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True)
        self.rows = []

    def run(self):
        header = None
        for line in self.proc.stdout:
            cols = line.split()
            if not cols:
                continue
            if cols[0] == "S0C":
                header = cols
                continue
            if header is None:
                continue
            try:
                row = dict(zip(header, (float(c) for c in cols)))
            except ValueError:
                continue
            self.rows.append((time.perf_counter(), row))

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def heap_mb(row):
    return (row["S0U"] + row["S1U"] + row["EU"] + row["OU"]) / 1024


def jstat_once(pid):
    out = subprocess.run(["jstat", "-gc", str(pid)], capture_output=True, text=True).stdout.split("\n")
    return dict(zip(out[0].split(), (float(c) for c in out[1].split())))


def export(api, token, path, accept, pid, sample_ms):
    subprocess.run(["jcmd", str(pid), "GC.run"], capture_output=True)
    before = jstat_once(pid)
    sampler = HeapSampler(pid, sample_ms)
    sampler.start()
    time.sleep(sample_ms / 1000 * 2)
    conn = connect(api)
    t0 = time.perf_counter()
    conn.request("GET", path, headers={"Authorization": "Bearer " + token, "Accept": accept})
    resp = conn.getresponse()
    ttfb = (time.perf_counter() - t0) * 1000
    lines = 0
    size = 0
    last = b""
    while True:
        chunk = resp.read(1 << 20)
        if not chunk:
            break
        size += len(chunk)
        lines += chunk.count(b"\n")
        last = chunk[-1:]
    if size and last != b"\n":
        lines += 1
    seconds = time.perf_counter() - t0
    conn.close()
    time.sleep(sample_ms / 1000 * 2)
    sampler.stop()
    sampler.join(timeout=5)
    after = jstat_once(pid)
    subprocess.run(["jcmd", str(pid), "GC.run"], capture_output=True)
    after_gc = jstat_once(pid)
    rows = lines - 1 if "csv" in accept and lines else lines
    samples = [r for _, r in sampler.rows]
    heap_peak = max((heap_mb(r) for r in samples), default=0)
    old_peak = max((r["OU"] / 1024 for r in samples), default=0)
    if resp.status != 200:
        sys.stderr.write("export answered %s\n" % resp.status)
    print("RESULT status=%d rows=%d bytes=%d seconds=%.2f ttfb_ms=%.0f rows_per_s=%.0f mb_per_s=%.1f "
          "heap_before_mb=%.1f heap_peak_mb=%.1f old_peak_mb=%.1f old_after_gc_mb=%.1f heap_after_gc_mb=%.1f "
          "heap_capacity_mb=%.0f ygc=%d fgc=%d samples=%d" % (
              resp.status, rows, size, seconds, ttfb, rows / seconds if seconds else 0, size / seconds / 1e6 if seconds else 0,
              heap_mb(before), heap_peak, old_peak, after_gc["OU"] / 1024, heap_mb(after_gc),
              (after["S0C"] + after["S1C"] + after["EC"] + after["OC"]) / 1024,
              after["YGC"] - before["YGC"], after["FGC"] - before["FGC"], len(samples)))


def pglog(path, start, end, database=None):
    """Statements logged between two offsets of the server log; with a database, only its sessions' (the
    log_line_prefix names user@database), so runs on other databases of the same cluster do not count."""
    with open(path, "rb") as f:
        f.seek(start)
        text = f.read(end - start).decode("utf-8", "replace")
    groups = {}
    pattern = re.compile(r"duration: ([0-9.]+) ms  (?:execute [^:]*|statement): (.*)")
    for line in text.split("\n"):
        m = pattern.search(line)
        if not m or (database and "@%s " % database not in line[:m.start()]):
            continue
        key = re.sub(r"\s+", " ", m.group(2))[:110]
        g = groups.setdefault(key, [0, 0.0, 0.0])
        g[0] += 1
        g[1] += float(m.group(1))
        g[2] = max(g[2], float(m.group(1)))
    print("| statement (first 110 characters) | count | total ms | mean ms | max ms |")
    print("|---|---:|---:|---:|---:|")
    for key, (n, total, mx) in sorted(groups.items(), key=lambda kv: -kv[1][1]):
        print("| `%s` | %d | %.0f | %.1f | %.1f |" % (key.replace("|", "\\|"), n, total, total / n, mx))


def main():
    cmd = sys.argv[1]
    if cmd == "latency":
        api, token, paths_file, n, conc = sys.argv[2:7]
        accept = sys.argv[7] if len(sys.argv) > 7 else "application/json"
        latency(api, token, paths_file, int(n), int(conc), accept)
    elif cmd == "export":
        api, token, path, accept, pid = sys.argv[2:7]
        sample_ms = int(sys.argv[7]) if len(sys.argv) > 7 else 250
        export(api, token, path, accept, int(pid), sample_ms)
    elif cmd == "pglog":
        pglog(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5] if len(sys.argv) > 5 else None)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
