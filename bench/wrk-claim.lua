-- wrk script for bench/conflict.sh: claims of pool customers.
--   wrk ... -s bench/wrk-claim.lua URL -- IDS_FILE TOKENS_FILE THREADS [SPREAD]
-- IDS_FILE: one pool customer id per line; thread k of THREADS takes lines k, k+THREADS, ... in order,
-- so every request claims a customer no other request claims (until a thread runs out of ids and
-- starts again: those repeats answer 409). TOKENS_FILE: one bearer token per line (reps); a thread's
-- requests take its tokens in turn. SPREAD apart (default): thread k has tokens k, k+THREADS, ... (all
-- of them if there are fewer tokens than threads), so with at least as many reps as connections no rep
-- has two claims in flight, as with people; shared: every thread takes all tokens in turn, thread k
-- starting at token k, so the threads' in-flight claims often share a rep (and queue on its row lock).
-- Claims have no body. At the end one machine-readable line starting with RESULT
-- is printed (latencies in microseconds): ok= 2xx answers, conflict= 409s, wrapped=1 if ids ran out.

local ids = {}
local tokens = {}
local counter = 0
local threads = {}
local next_id = 1
local next_token = 1
ok = 0
conflict = 0
wrapped = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_no", counter)
  table.insert(threads, thread)
end

function init(args)
  local ids_file, tokens_file, nthreads, spread = args[1], args[2], tonumber(args[3] or "1"), args[4] or "apart"
  if ids_file == nil or tokens_file == nil then
    error("wrk-claim.lua needs: -- IDS_FILE TOKENS_FILE THREADS")
  end
  local n = 0
  for line in io.lines(ids_file) do
    if line ~= "" then
      if n % nthreads == (thread_no or 1) - 1 then
        ids[#ids + 1] = line
      end
      n = n + 1
    end
  end
  local all = {}
  for line in io.lines(tokens_file) do
    if line ~= "" then
      all[#all + 1] = "Bearer " .. line
    end
  end
  if spread ~= "apart" and spread ~= "shared" then
    error("SPREAD must be apart or shared: " .. spread)
  end
  for k, token in ipairs(all) do
    if spread == "shared" or #all < nthreads or (k - 1) % nthreads == (thread_no or 1) - 1 then
      tokens[#tokens + 1] = token
    end
  end
  if #ids == 0 or #tokens == 0 then
    error("no ids or no tokens")
  end
  next_token = spread == "shared" and 1 + ((thread_no or 1) - 1) % #tokens or 1
end

function request()
  local id = ids[next_id]
  next_id = next_id + 1
  if next_id > #ids then
    next_id = 1
    wrapped = 1
  end
  local token = tokens[next_token]
  next_token = next_token % #tokens + 1
  return wrk.format("POST", "/api/v1/customers/" .. id .. "/claim", { ["Authorization"] = token }, nil)
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    ok = ok + 1
  elseif status == 409 then
    conflict = conflict + 1
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local good, refused, wrap = 0, 0, 0
  for _, thread in ipairs(threads) do
    good = good + (thread:get("ok") or 0)
    refused = refused + (thread:get("conflict") or 0)
    wrap = math.max(wrap, thread:get("wrapped") or 0)
  end
  io.write(string.format(
    "RESULT requests=%d duration_us=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d " ..
    "non2xx=%d connect_errors=%d read_errors=%d write_errors=%d timeouts=%d ok=%d conflict=%d wrapped=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.status, e.connect, e.read, e.write, e.timeout, good, refused, wrap))
end
