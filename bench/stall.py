"""The two halves of bench/stall.sh.

  stall.py probe PORT TOKEN BODIES_FILE OUT_FILE SECONDS INTERVAL_MS
      One conflict check every INTERVAL_MS on one keep-alive connection for SECONDS, each answer written as
      "epoch_seconds latency_ms status" (status 0: no answer).
  stall.py report DIR SPIKE_MS
      Markdown on stdout: the windows, the probe's distribution, and every probe answer of at least SPIKE_MS
      with what the samplers saw around it.
"""
import datetime
import glob
import http.client
import os
import re
import sys
import time


def probe(port, token, bodies_file, out_file, seconds, interval_ms):
    bodies = [line.strip().encode("utf-8") for line in open(bodies_file, encoding="utf-8") if line.strip()]
    headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    end = time.time() + seconds
    i = 0
    with open(out_file, "w") as out:
        while time.time() < end:
            started = time.time()
            try:
                connection.request("POST", "/api/v1/conflict-checks", bodies[i % len(bodies)], headers)
                answer = connection.getresponse()
                answer.read()
                status = answer.status
            except (OSError, http.client.HTTPException):
                status = 0
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            out.write("%.3f %.1f %d\n" % (started, (time.time() - started) * 1000, status))
            i += 1
            pause = interval_ms / 1000 - (time.time() - started)
            if pause > 0:
                time.sleep(pause)


def percentile(sorted_values, p):
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * p))] if sorted_values else 0


def epoch(text):
    """An ISO time with offset (safepoint log) or 'YYYY-MM-DD HH:MM:SS' in the local zone (vmstat -t)."""
    if "T" in text:
        return datetime.datetime.strptime(text.replace("+0000", "+00:00"), "%Y-%m-%dT%H:%M:%S.%f%z").timestamp()
    return time.mktime(time.strptime(text, "%Y-%m-%d %H:%M:%S"))


def report(directory, spike_ms):
    answers = [line.split() for line in open(os.path.join(directory, "probe.txt"))]
    answers = [(float(t), float(ms), int(status)) for t, ms, status in answers]
    # activity.txt: epoch|pid|state|wait_event_type|wait_event|query|ms running
    samples = []
    for line in open(os.path.join(directory, "activity.txt"), encoding="utf-8", errors="replace"):
        head, _, running = line.rstrip("\n").rpartition("|")  # the statement's text may hold "|" itself
        parts = head.split("|", 5) + [running]
        if len(parts) == 7 and parts[6]:
            samples.append((float(parts[0]), int(parts[1]), parts[3] + ":" + parts[4], parts[5], float(parts[6])))
    first_seen = {}
    for t, pid, _, _, _ in samples:
        first_seen.setdefault(pid, t)
    sampling_began = min((s[0] for s in samples), default=0)
    new_sessions = {pid: t for pid, t in first_seen.items() if t > sampling_began + 5}
    safepoints = []
    for line in open(os.path.join(directory, "safepoint.log")):
        m = re.match(r"\[([^\]]+)\].*Safepoint \"([^\"]+)\".*Total: (\d+) ns", line)
        if m:
            safepoints.append((epoch(m.group(1)), m.group(2), int(m.group(3)) / 1e6))
    seconds = {}
    for line in open(os.path.join(directory, "vmstat.txt")):
        fields = line.split()
        if len(fields) >= 19 and fields[0].isdigit():
            seconds[int(epoch(fields[-2] + " " + fields[-1]))] = (int(fields[0]), int(fields[16]))

    print("| window | started | req/s | p99 ms | max ms |")
    print("|---|---|---:|---:|---:|")
    for path in sorted(glob.glob(os.path.join(directory, "w[0-9]*.txt")), key=lambda p: int(re.sub(r"\D", "", os.path.basename(p)))):
        text = open(path).read()
        start = float(open(path[:-4] + ".start").read())
        rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
        p99 = re.search(r"\s99%\s+([\d.]+\w+)", text)
        top = re.search(r"Latency\s+\S+\s+\S+\s+(\S+)", text)
        print("| %s | %s | %s | %s | %s |" % (os.path.basename(path)[:-4], time.strftime("%H:%M:%S", time.localtime(start)),
                                            rps.group(1) if rps else "?", p99.group(1) if p99 else "?", top.group(1) if top else "?"))
    latencies = sorted(ms for _, ms, _ in answers)
    failed = sum(1 for _, _, status in answers if status != 200)
    spikes = [a for a in answers if a[1] >= spike_ms]
    print()
    print("Probe: %d answers (%d not 200), p50 %.1f ms, p99 %.1f ms, max %.1f ms; %d of at least %d ms. Sessions "
          "that began during the windows (a pool's new connection): %d."
          % (len(answers), failed, percentile(latencies, 0.5), percentile(latencies, 0.99), latencies[-1] if latencies else 0,
             len(spikes), spike_ms, len(new_sessions)))
    if not spikes:
        return
    print()
    print("| probe sent | ms | sessions begun within 1 s | longest statement running | safepoints > 5 ms within 1 s | run queue, steal |")
    print("|---|---:|---|---|---|---|")
    near_new = 0
    for t, ms, _ in spikes:
        end = t + ms / 1000
        begun = [str(pid) for pid, at in new_sessions.items() if t - 1 <= at <= end + 1]
        near_new += bool(begun)
        running = [s for s in samples if t <= s[0] <= end]
        longest = max(running, key=lambda s: s[4], default=None)
        pauses = ["%s %.0f ms" % (name, total) for at, name, total in safepoints if t - 1 <= at <= end + 1 and total > 5]
        second = seconds.get(int(t))
        print("| %s | %.0f | %s | %s | %s | %s |" % (
            time.strftime("%H:%M:%S", time.localtime(t)) + ("%.3f" % (t % 1))[1:], ms, ", ".join(begun) or "-",
            "pid %d %.0f ms (%s) %s" % (longest[1], longest[4], longest[2], longest[3]) if longest else "-",
            ", ".join(pauses) or "-", "%d, %d%%" % second if second else "?"))
    print()
    print("%d of %d slow probe answers came within a second of a session's beginning." % (near_new, len(spikes)))


if __name__ == "__main__":
    if len(sys.argv) == 8 and sys.argv[1] == "probe":
        probe(int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], float(sys.argv[6]), float(sys.argv[7]))
    elif len(sys.argv) == 4 and sys.argv[1] == "report":
        report(sys.argv[2], float(sys.argv[3]))
    else:
        sys.exit(__doc__)
