#!/usr/bin/env python3
"""HTTP clients of bench/faults.sh (standard library only). Each sub-command prints one JSON object.

  writers      N writers creating customers (Idempotency-Key) and visits (client id) with retries,
               over one or more ports (round robin, failing over to the next port on errors)
  me-latency   GET /api/v1/me in a loop from a few clients: latency percentiles and statuses
  slow-exports N export readers reading at a few KB/s; rejected ones retry after Retry-After
  abort-storm  exports aborted at random moments (before the first byte, mid-stream, TCP reset)
  export       one export read to its end at a given rate: status, lines, clean end or broken
  analyze      figures of a writers log around a fault (statuses, 5xx, cuts, first write after recovery)
"""
import argparse
import http.client
import json
import random
import socket
import struct
import sys
import threading
import time
import uuid
from collections import Counter

EXPORT_PATH = "/api/v1/export/customers"


def now():
    return time.time()


def started(a):
    """Tells the calling script that the clients run (python may take seconds to start on a busy machine)."""
    if getattr(a, "ready_file", None):
        with open(a.ready_file, "w") as f:
            f.write("%.3f\n" % now())


def stopping(a, deadline):
    """True once the deadline passed or the stop file exists."""
    if now() >= deadline:
        return True
    return bool(getattr(a, "stop_file", None)) and __import__("os").path.exists(a.stop_file)


def pct(values, p):
    if not values:
        return None
    s = sorted(values)
    return s[min(len(s) - 1, max(0, int(round(p / 100.0 * len(s) + 0.5)) - 1))]


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return [line.split() for line in f if line.strip()]


# ----------------------------------------------------------------------------- writers
NOTE = ("今天上午到客户公司拜访，见到了采购部负责人，在对方会议室聊了一个多小时，对方公司规模约三百人，"
        "重点问了产品价格、付款方式能否分三期以及售后响应时间，目前犹豫的原因是预算要到下个季度才批，"
        "老板还没有最终表态。下一步：三天内发送正式报价单和合同模板。")


class Writer(threading.Thread):
    """Writes until the deadline; each logical write is retried with the same key/id until it is
    acknowledged (2xx), refused for good (a 4xx other than 409 in-progress / 429), or give_up seconds pass."""

    def __init__(self, no, args, rep, deadline, attempts, writes, lock):
        super().__init__(daemon=True)
        self.no, self.args, self.deadline = no, args, deadline
        self.login, self.token, self.customer, self.contact = rep
        self.attempts, self.writes, self.lock = attempts, writes, lock
        self.ports = args.ports
        self.port_i = no % len(self.ports)
        # Names must be new in every run: the same normalised name again is a 409 duplicate-customer.
        self.run_tag = args.tag + args.run_id

    def next_port(self):
        self.port_i = (self.port_i + 1) % len(self.ports)
        return self.ports[self.port_i]

    def attempt(self, port, method, path, body, headers):
        """One request on a new connection. Outcome: an HTTP status, or 'refused' (no connection), 'cut'
        (connection closed or reset after the request was sent, no response), 'timeout', 'error:<name>'."""
        t0 = now()
        sent = False
        outcome, problem, retry_after, resp_body = None, None, None, b""
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=self.args.timeout)
        try:
            conn.connect()
            conn.request(method, path, body=body, headers=headers)
            sent = True
            r = conn.getresponse()
            resp_body = r.read()
            outcome = r.status
            retry_after = r.getheader("Retry-After")
            location = r.getheader("Location")
            if r.status >= 400:
                try:
                    problem = json.loads(resp_body).get("type")
                except Exception:
                    problem = None
        except ConnectionRefusedError:
            outcome, location = "refused", None
        except socket.timeout:
            outcome, location = "timeout", None
        except (ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected,
                http.client.IncompleteRead, ConnectionAbortedError) as e:
            outcome, location = ("cut" if sent else "refused:" + type(e).__name__), None
        except OSError as e:
            outcome, location = "error:" + type(e).__name__, None
        finally:
            conn.close()
        t1 = now()
        with self.lock:
            self.attempts.append({"w": self.no, "port": port, "t0": t0, "t1": t1, "out": outcome,
                                  "problem": problem, "path": path.split("?")[0].rsplit("/", 1)[-1]})
        return outcome, problem, retry_after, location, resp_body

    def run(self):
        seq = 0
        while now() < self.deadline:
            seq += 1
            key = str(uuid.uuid4())
            if seq % 2 == 0:
                kind = "customer"
                path = "/api/v1/customers?acknowledgeSimilar=true"
                name = "故障演练%s%d号%d科技有限公司" % (self.run_tag, self.no, seq)
                body = {"name": name, "status": "LEAD", "source": "faults",
                        "notes": "fault-key:" + key}
                headers = {"Idempotency-Key": key}
            else:
                kind = "visit"
                path = "/api/v1/customers/%s/visits" % self.customer
                visited = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now() - 3600))
                body = {"id": key, "contactIds": [self.contact], "visitedAt": visited, "channel": "PHONE",
                        "notes": NOTE + "编号" + key, "outcome": "客户认可方案", "interestLevel": 3,
                        "nextStep": "发送报价单", "nextStepDate": time.strftime("%Y-%m-%d", time.gmtime(now() + 7 * 86400))}
                headers = {}
            headers.update({"Authorization": "Bearer " + self.token, "Content-Type": "application/json",
                            "Connection": "close"})
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            started = now()
            port = self.ports[self.port_i]
            write = {"kind": kind, "key": key, "login": self.login, "acked": False, "result": None,
                     "t0": started, "tries": 0}
            while True:
                write["tries"] += 1
                out, problem, retry_after, location, resp = self.attempt(port, "POST", path, data, headers)
                if isinstance(out, int) and 200 <= out < 300:
                    write.update(acked=True, result=out, t_ack=now(),
                                 id=key if kind == "visit" else (location or "").rstrip("/").rsplit("/", 1)[-1])
                    break
                retryable = (not isinstance(out, int)) or out >= 500 or out == 429 or (
                    out == 409 and problem and problem.endswith("in-progress"))
                if not retryable:
                    write.update(result=out, problem=problem, body=resp[:300].decode("utf-8", "replace"))
                    break
                if now() - started > self.args.give_up:
                    write.update(result="gave-up:%s" % out, problem=problem)
                    break
                # A client with several instances tries the next one; alone it waits a little.
                port = self.next_port()
                time.sleep(self.args.backoff)
            if self.args.rotate:
                self.next_port()
            with self.lock:
                self.writes.append(write)


def cmd_writers(a):
    reps = read_lines(a.reps)[: a.clients]
    if len(reps) < a.clients:
        sys.exit("need %d reps in %s" % (a.clients, a.reps))
    a.ports = [int(p) for p in a.ports.split(",")]
    attempts, writes, lock = [], [], threading.Lock()
    a.run_id = uuid.uuid4().hex[:8].upper()
    deadline = now() + a.duration
    ws = [Writer(i, a, reps[i], deadline, attempts, writes, lock) for i in range(a.clients)]
    for w in ws:
        w.start()
    started(a)
    for w in ws:
        w.join()
    with open(a.writes, "w") as f:
        for w in writes:
            f.write("%s\t%s\t%s\t%s\n" % (w["kind"], w["key"], "t" if w["acked"] else "f", w.get("id") or "\\N"))
    with open(a.log, "w") as f:
        json.dump({"attempts": attempts, "writes": writes}, f)
    outcomes = Counter(str(x["out"]) for x in attempts)
    failed = Counter("%s %s" % (w["result"], w.get("problem") or "") for w in writes if not w["acked"])
    print(json.dumps({"writes": len(writes), "acked": sum(w["acked"] for w in writes),
                      "attempts": len(attempts), "outcomes": dict(outcomes), "not_acked": dict(failed),
                      "retried_writes": sum(1 for w in writes if w["tries"] > 1),
                      "max_tries": max([w["tries"] for w in writes] or [0])}))


# ----------------------------------------------------------------------------- /me latency
def cmd_me_latency(a):
    lat, statuses, lock = [], Counter(), threading.Lock()
    deadline = now() + a.duration

    def client(i):
        conn = None
        while now() < deadline:
            t0 = now()
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", a.port, timeout=10)
                conn.request("GET", "/api/v1/me", headers={"Authorization": "Bearer " + a.token})
                r = conn.getresponse()
                r.read()
                st = r.status
            except Exception as e:
                st = "error:" + type(e).__name__
                conn and conn.close()
                conn = None
            t1 = now()
            with lock:
                statuses[str(st)] += 1
                if st == 200:
                    lat.append((t1 - t0) * 1000)
            time.sleep(max(0, a.interval - (t1 - t0)))

    ts = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(a.clients)]
    for t in ts:
        t.start()
    started(a)
    for t in ts:
        t.join()
    print(json.dumps({"requests": sum(statuses.values()), "statuses": dict(statuses),
                      "not_200": sum(n for k, n in statuses.items() if k != "200"),
                      "p50_ms": round(pct(lat, 50) or 0, 1), "p99_ms": round(pct(lat, 99) or 0, 1),
                      "max_ms": round(max(lat or [0]), 1)}))


# ----------------------------------------------------------------------------- raw export sockets
def open_export(port, token, rcvbuf=None):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if rcvbuf:
        # A small receive window, so the server feels the slow reader at once.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.settimeout(30)
    s.connect(("127.0.0.1", port))
    s.sendall(("GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nAuthorization: Bearer %s\r\n"
               "Accept: application/x-ndjson\r\n\r\n" % (EXPORT_PATH, port, token)).encode())
    return s


def read_head(s):
    """Reads up to the end of the response head: (status, headers dict, bytes of body already read)."""
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = s.recv(4096)
        if not chunk:
            raise ConnectionError("closed before the response head")
        buf += chunk
    head, rest = buf.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    return status, headers, rest


def rst_close(s):
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()


def cmd_slow_exports(a):
    tokens = [line[1] for line in read_lines(a.reps)]
    statuses, lock = Counter(), threading.Lock()
    streaming, max_streaming, got_bytes = [0], [0], [0]
    retry_after_missing = [0]
    deadline = now() + a.duration

    def reader(i):
        token = tokens[i % len(tokens)]
        while not stopping(a, deadline):
            s = None
            try:
                s = open_export(a.port, token, rcvbuf=4096)
                status, headers, rest = read_head(s)
                with lock:
                    statuses[str(status)] += 1
                    if status in (429, 503) and "retry-after" not in headers:
                        retry_after_missing[0] += 1
                if status != 200:
                    s.close()
                    wait = float(headers.get("retry-after", "2") or 2)
                    end = now() + wait
                    while now() < end and not stopping(a, deadline):
                        time.sleep(0.1)
                    continue
                with lock:
                    streaming[0] += 1
                    max_streaming[0] = max(max_streaming[0], streaming[0])
                n = len(rest)
                try:
                    while not stopping(a, deadline):
                        chunk = s.recv(a.chunk)
                        if not chunk:
                            break
                        n += len(chunk)
                        time.sleep(len(chunk) / float(a.rate))
                finally:
                    with lock:
                        streaming[0] -= 1
                        got_bytes[0] += n
            except Exception as e:
                with lock:
                    statuses["error:" + type(e).__name__] += 1
                time.sleep(0.5)
            finally:
                if s is not None:
                    s.close()

    ts = [threading.Thread(target=reader, args=(i,), daemon=True) for i in range(a.readers)]
    for t in ts:
        t.start()
    started(a)
    for t in ts:
        t.join()
    print(json.dumps({"statuses": dict(statuses), "max_streaming": max_streaming[0],
                      "bytes_read": got_bytes[0], "rejections_without_retry_after": retry_after_missing[0]}))


def cmd_abort_storm(a):
    tokens = [line[1] for line in read_lines(a.reps)]
    modes, statuses, lock = Counter(), Counter(), threading.Lock()
    todo = list(range(a.count))
    rnd = random.Random(a.seed)

    def one(i):
        mode = rnd.choice(["before-head", "after-head", "mid-stream", "rst-mid-stream", "rst-before-head"])
        give_up = now() + a.retry_for
        while True:
            s, status = None, None
            try:
                s = open_export(a.port, tokens[i % len(tokens)], rcvbuf=rnd.choice([4096, 65536]))
                if mode.endswith("before-head"):
                    time.sleep(rnd.uniform(0, 0.05))
                    status = "aborted-before-head"
                else:
                    status, _, rest = read_head(s)
                    if mode != "after-head" and status == 200:
                        want, n = rnd.randint(1, 2000000), len(rest)
                        while n < want:
                            chunk = s.recv(8192)
                            if not chunk:
                                break
                            n += len(chunk)
                if mode.startswith("rst"):
                    rst_close(s)
                else:
                    s.close()
                s = None
            except Exception as e:
                status = "error:" + type(e).__name__
            finally:
                if s is not None:
                    s.close()
            with lock:
                statuses[str(status)] += 1
            # A client told 503/429 comes back later: the storm is of exports that ran.
            if status not in (429, 503) or now() > give_up:
                break
            time.sleep(rnd.uniform(0.05, 0.3))
        with lock:
            modes[mode] += 1

    def worker():
        while True:
            with lock:
                if not todo:
                    return
                i = todo.pop()
            one(i)

    ts = [threading.Thread(target=worker, daemon=True) for _ in range(a.concurrency)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    print(json.dumps({"exports": a.count, "modes": dict(modes), "statuses": dict(statuses),
                      "aborted_running": statuses.get("200", 0)}))


def cmd_export(a):
    """Reads one export at up to a.rate bytes/s; ends clean (final chunk) or broken."""
    if a.at:
        time.sleep(max(0, a.at - now()))
    t0 = now()
    lines, status, end = 0, None, "broken"
    conn = http.client.HTTPConnection("127.0.0.1", a.port, timeout=60)
    try:
        conn.request("GET", EXPORT_PATH, headers={"Authorization": "Bearer " + a.token,
                                                  "Accept": "application/x-ndjson"})
        r = conn.getresponse()
        status = r.status
        if status == 200:
            pending = b""
            while True:
                chunk = r.read1(a.chunk) if hasattr(r, "read1") else r.read(a.chunk)
                if not chunk:
                    break
                pending += chunk
                lines += pending.count(b"\n")
                pending = pending[pending.rfind(b"\n") + 1:] if b"\n" in pending else pending
                if a.rate:
                    time.sleep(len(chunk) / float(a.rate))
            end = "clean"
        else:
            r.read()
            end = "refused"
    except Exception as e:
        end = "broken:" + type(e).__name__
    finally:
        conn.close()
    print(json.dumps({"status": status, "lines": lines, "end": end, "seconds": round(now() - t0, 2)}))


def cmd_analyze(a):
    """Figures of a writers log around a fault: --down (database stopped / SIGTERM sent), --ready (pg_isready)."""
    with open(a.log) as f:
        log = json.load(f)
    att = log["attempts"]
    out = Counter(str(x["out"]) for x in att)
    res = {"attempts": len(att),
           "5xx_not_503": sum(n for k, n in out.items() if k.isdigit() and int(k) >= 500 and k != "503"),
           "503": out.get("503", 0), "cut": out.get("cut", 0), "timeouts": out.get("timeout", 0),
           "refused": sum(n for k, n in out.items() if k.startswith("refused")),
           "in_progress_409": sum(1 for x in att if x["out"] == 409 and (x["problem"] or "").endswith("in-progress")),
           "other_4xx": dict(Counter("%s %s" % (x["out"], x["problem"]) for x in att if isinstance(x["out"], int)
                                     and 400 <= x["out"] < 500 and not (x["problem"] or "").endswith("in-progress"))),
           "errors_5xx": dict(Counter("%s %s" % (x["out"], x["problem"]) for x in att if isinstance(x["out"], int)
                                      and x["out"] >= 500))}
    if a.down is not None:
        during = [x for x in att if x["t0"] >= a.down and (a.ready is None or x["t1"] <= a.ready)]
        lat503 = [(x["t1"] - x["t0"]) * 1000 for x in during if x["out"] == 503]
        res["during_fault"] = dict(Counter(str(x["out"]) for x in during))
        res["during_503_p50_ms"] = round(pct(lat503, 50) or 0, 1)
        res["during_503_max_ms"] = round(max(lat503 or [0]), 1)
        # A write acknowledged while the database was away would be a lie (or proof it never went away).
        res["ok_during_fault"] = sum(1 for x in during if isinstance(x["out"], int) and x["out"] < 300)
    if a.victim is not None and a.drain_from is not None:
        # After the readiness delay the victim drains: what did new requests to it get?
        drain = [x for x in att if x["port"] == a.victim and x["t0"] >= a.drain_from]
        res["victim_after_delay"] = dict(Counter(str(x["out"]) for x in drain))
    if a.ready is not None:
        ok = sorted(x["t1"] for x in att if isinstance(x["out"], int) and 200 <= x["out"] < 300 and x["t1"] >= a.ready)
        res["first_write_after_ready_s"] = round(ok[0] - a.ready, 2) if ok else None
        res["failed_after_ready"] = sum(1 for x in att if x["t0"] >= a.ready and not (
            isinstance(x["out"], int) and x["out"] < 300))
    print(json.dumps(res))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    w = sub.add_parser("writers")
    w.add_argument("--ports", required=True)
    w.add_argument("--reps", required=True, help="file: login token customerId contactId per line")
    w.add_argument("--clients", type=int, default=6)
    w.add_argument("--duration", type=float, default=25)
    w.add_argument("--timeout", type=float, default=10)
    w.add_argument("--backoff", type=float, default=0.2)
    w.add_argument("--give-up", type=float, default=60)
    w.add_argument("--rotate", action="store_true", help="each write starts on the next port")
    w.add_argument("--tag", default="A")
    w.add_argument("--ready-file")
    w.add_argument("--writes", required=True, help="output: kind key acked id per write (for psql \\copy)")
    w.add_argument("--log", required=True)
    m = sub.add_parser("me-latency")
    m.add_argument("--port", type=int, required=True)
    m.add_argument("--token", required=True)
    m.add_argument("--clients", type=int, default=4)
    m.add_argument("--interval", type=float, default=0.05)
    m.add_argument("--duration", type=float, default=30)
    m.add_argument("--ready-file")
    s = sub.add_parser("slow-exports")
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--reps", required=True)
    s.add_argument("--readers", type=int, default=60)
    s.add_argument("--rate", type=int, default=3000, help="bytes per second per reader")
    s.add_argument("--chunk", type=int, default=512)
    s.add_argument("--duration", type=float, default=30)
    s.add_argument("--ready-file")
    s.add_argument("--stop-file")
    b = sub.add_parser("abort-storm")
    b.add_argument("--port", type=int, required=True)
    b.add_argument("--reps", required=True)
    b.add_argument("--count", type=int, default=200)
    b.add_argument("--concurrency", type=int, default=8)
    b.add_argument("--seed", type=int, default=10)
    b.add_argument("--retry-for", type=float, default=10, help="seconds an export told 503/429 comes back")
    e = sub.add_parser("export")
    e.add_argument("--port", type=int, required=True)
    e.add_argument("--token", required=True)
    e.add_argument("--rate", type=int, default=0)
    e.add_argument("--chunk", type=int, default=16384)
    e.add_argument("--at", type=float, help="start at this epoch time")
    z = sub.add_parser("analyze")
    z.add_argument("--log", required=True)
    z.add_argument("--down", type=float)
    z.add_argument("--ready", type=float)
    z.add_argument("--victim", type=int, help="port of the instance that got SIGTERM")
    z.add_argument("--drain-from", type=float, help="when its readiness delay ended")
    a = p.parse_args()
    {"writers": cmd_writers, "me-latency": cmd_me_latency, "slow-exports": cmd_slow_exports,
     "abort-storm": cmd_abort_storm, "export": cmd_export,
     "analyze": cmd_analyze}[a.cmd](a)


if __name__ == "__main__":
    main()
