-- wrk script for bench/conflict.sh: conflict checks.
--   wrk ... -s bench/wrk-conflict.lua URL -- BODIES_FILE
-- BODIES_FILE has one JSON request body of POST /api/v1/conflict-checks per line (the name probes of
-- bench/conflict-probes.sql, as bench/conflict.py wrote them). Each thread walks through all of them
-- from its own starting point, one per request. Headers given with -H (the token) are kept. At the end
-- one machine-readable line starting with RESULT is printed (latencies in microseconds); ok= counts
-- 200 answers.

local bodies = {}
local counter = 0
local threads = {}
local next_body = 1
ok = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_no", counter)
  table.insert(threads, thread)
end

function init(args)
  local file = args[1]
  if file == nil or file == "" then
    error("wrk-conflict.lua needs a bodies file: wrk ... -- BODIES_FILE")
  end
  for line in io.lines(file) do
    if line ~= "" then
      bodies[#bodies + 1] = line
    end
  end
  if #bodies == 0 then
    error("no bodies in " .. file)
  end
  -- threads start at different places, spread over the file
  next_body = 1 + ((thread_no or 1) - 1) * math.floor(#bodies / 7) % #bodies
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  local body = bodies[next_body]
  next_body = next_body % #bodies + 1
  return wrk.format("POST", nil, nil, body)
end

function response(status, headers, body)
  if status == 200 then
    ok = ok + 1
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local good = 0
  for _, thread in ipairs(threads) do
    good = good + (thread:get("ok") or 0)
  end
  io.write(string.format(
    "RESULT requests=%d duration_us=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d " ..
    "non2xx=%d connect_errors=%d read_errors=%d write_errors=%d timeouts=%d ok=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.status, e.connect, e.read, e.write, e.timeout, good))
end
