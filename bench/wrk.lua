-- wrk script for bench/run.sh.
--   wrk ... -s bench/wrk.lua URL -- [PATHS_FILE]
-- With a paths file (one request path per line) every request picks one at random; without,
-- every request goes to URL. Headers given with -H are kept. At the end one machine-readable
-- line starting with RESULT is printed (latencies in microseconds).

local paths = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_no", counter)
end

function init(args)
  local file = args[1]
  if file ~= nil and file ~= "" then
    for line in io.lines(file) do
      if line ~= "" then
        paths[#paths + 1] = line
      end
    end
  end
  math.randomseed(os.time() * 1000 + (thread_no or 0))
end

function request()
  if #paths == 0 then
    return wrk.format(nil)
  end
  return wrk.format("GET", paths[math.random(#paths)])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d " ..
    "non2xx=%d connect_errors=%d read_errors=%d write_errors=%d timeouts=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.status, e.connect, e.read, e.write, e.timeout))
end
