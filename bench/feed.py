#!/usr/bin/env python3
"""Pulls the whole change feed as one client would, for bench/run.sh (stdlib only).

    feed.py BASE_URL TOKEN [PAGE_LIMIT [MAX_ROWS [MAX_SECONDS]]]

Starts without a cursor (a full initial sync), follows nextCursor with limit=PAGE_LIMIT while
hasMore is true (or until MAX_ROWS rows or MAX_SECONDS seconds; 0 = no cap), over one keep-alive
connection. A row is one
entry of any list in the page (customers, contacts, visits, reviews, removed, ...). Prints per-type
counts, the rate per page type (a page counts for the type most of its rows have: the log is in
transaction order, so pages are nearly uniform) and one machine-readable line:
    RESULT rows=N pages=N seconds=S rows_per_s=R p50_ms=X p99_ms=Y max_ms=Z errors=E complete=0|1
"""
import http.client
import json
import sys
import time
import urllib.parse


def main():
    base, token = sys.argv[1], sys.argv[2]
    page_limit = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    max_rows = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    max_seconds = float(sys.argv[5]) if len(sys.argv) > 5 else 0
    by_type = {}  # dominant type -> [rows, seconds]
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port or 80, timeout=120)
    headers = {"Authorization": "Bearer " + token, "Accept": "application/json"}
    cursor = None
    rows = pages = errors = 0
    per_type = {}
    latencies = []
    complete = 0
    started = time.monotonic()
    while True:
        query = {"limit": str(page_limit)}
        if cursor:
            query["cursor"] = cursor
        path = "/api/v1/sync/changes?" + urllib.parse.urlencode(query)
        t0 = time.monotonic()
        conn.request("GET", path, headers=headers)
        resp = conn.getresponse()
        body = resp.read()
        latencies.append(time.monotonic() - t0)
        if resp.status != 200:
            errors += 1
            sys.stderr.write("GET %s answered %d: %s\n" % (path, resp.status, body[:500].decode("utf-8", "replace")))
            break
        page = json.loads(body)
        pages += 1
        page_rows = 0
        dominant, most = None, -1
        for key, value in page.items():
            if isinstance(value, list):
                per_type[key] = per_type.get(key, 0) + len(value)
                page_rows += len(value)
                if len(value) > most:
                    dominant, most = key, len(value)
        rows += page_rows
        acc = by_type.setdefault(dominant, [0, 0.0])
        acc[0] += page_rows
        acc[1] += latencies[-1]
        cursor = page.get("nextCursor")
        if not page.get("hasMore"):
            complete = 1
            break
        if max_rows and rows >= max_rows:
            break
        if max_seconds and time.monotonic() - started >= max_seconds:
            break
        if pages % 500 == 0:
            sys.stderr.write("feed: %d pages, %d rows, %.0f rows/s\n" % (pages, rows, rows / (time.monotonic() - started)))
    seconds = time.monotonic() - started
    latencies.sort()

    def pct(p):
        if not latencies:
            return 0.0
        return latencies[min(len(latencies) - 1, max(0, int(len(latencies) * p) - 1))] * 1000

    print("types " + " ".join("%s=%d" % kv for kv in sorted(per_type.items())))
    print("rates " + " ".join("%s=%.0f/s" % (k, v[0] / v[1]) for k, v in sorted(by_type.items()) if v[1] > 0))
    print("RESULT rows=%d pages=%d seconds=%.1f rows_per_s=%.0f p50_ms=%.1f p99_ms=%.1f max_ms=%.1f errors=%d complete=%d"
          % (rows, pages, seconds, rows / seconds if seconds > 0 else 0, pct(0.5), pct(0.99),
             (latencies[-1] * 1000 if latencies else 0), errors, complete))


if __name__ == "__main__":
    main()
