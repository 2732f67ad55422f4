-- wrk script for bench/run.sh: visit creation.
--   wrk ... -s bench/wrk-visit.lua URL -- TARGETS_FILE
-- TARGETS_FILE has one "customerId contactId" per line (customers the token's rep owns, and one of
-- their contacts). Every request POSTs a new visit to a random one of them, with a fresh
-- client-supplied UUID v4 as id (the API's idempotent create), a Chinese note of 100+ characters
-- (code points without whitespace) naming what was discussed, the contact met, a next step with a
-- date, and visitedAt an hour ago. Headers given with -H (the token) are kept. At the end one
-- machine-readable line starting with RESULT is printed (latencies in microseconds); created= counts
-- 201 answers (a 200 would be a replay of an existing id).

local targets = {}
local counter = 0
local threads = {}
created = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_no", counter)
  table.insert(threads, thread)
end

-- Sentences; every combination is at least 100 characters (checked in init).
local openings = {
  "今天上午到客户公司拜访，见到了采购部负责人，在对方会议室聊了一个多小时，",
  "下午电话沟通了四十分钟，对接人是行政主管，对方态度比上次积极很多，",
  "第二次上门拜访，这次见到了真正拍板的副总经理，还参观了他们的仓库，",
}
local middles = {
  "对方公司规模约三百人，重点问了产品价格、付款方式能否分三期以及售后响应时间，目前犹豫的原因是预算要到下个季度才批，老板还没有最终表态。",
  "客户正在和两家竞品比较，竞品报价比我们低百分之十五左右，但对方更看重实施团队的经验和同行业的成功案例，希望我们尽快提供详细的迁移方案。",
  "技术总监详细询问了数据安全、私有化部署和与现有ERP系统对接的方式，财务经理对投资回报率问得很细，需要我们准备一份完整的测算表给他们。",
}
local nexts = {
  { "下周二带技术同事上门做产品演示", "下一步：下周二带技术同事上门做产品演示，并把报价单一起带过去。" },
  { "三天内发送正式报价单和合同模板", "下一步：三天内发送正式报价单和合同模板，约对方月底前拍板。" },
  { "安排客户参观杭州的标杆客户", "下一步：安排客户参观我们在杭州的标杆客户，让老板亲眼看看效果。" },
}
local bodies = {}

local function utf8_len(s)
  local _, n = s:gsub("[^\128-\191]", "")
  return n
end

function init(args)
  local file = args[1]
  if file == nil or file == "" then
    error("wrk-visit.lua needs a targets file: wrk ... -- TARGETS_FILE")
  end
  for line in io.lines(file) do
    local customer, contact = line:match("^(%S+)%s+(%S+)")
    if customer ~= nil then
      targets[#targets + 1] = { "/api/v1/customers/" .. customer .. "/visits", contact }
    end
  end
  if #targets == 0 then
    error("no targets in " .. file)
  end
  for _, o in ipairs(openings) do
    for _, m in ipairs(middles) do
      for _, n in ipairs(nexts) do
        local notes = o .. m .. n[2]
        if utf8_len(notes) < 100 then
          error("note shorter than 100 characters: " .. notes)
        end
        bodies[#bodies + 1] = { notes, n[1] }
      end
    end
  end
  math.randomseed(os.time() * 1000 + (thread_no or 0) * 7919)
  wrk.headers["Content-Type"] = "application/json"
end

local function uuid4()
  return string.format("%04x%04x-%04x-4%03x-%04x-%04x%04x%04x",
    math.random(0, 0xffff), math.random(0, 0xffff), math.random(0, 0xffff), math.random(0, 0xfff),
    0x8000 + math.random(0, 0x3fff), math.random(0, 0xffff), math.random(0, 0xffff), math.random(0, 0xffff))
end

function request()
  local t = targets[math.random(#targets)]
  local b = bodies[math.random(#bodies)]
  local now = os.time()
  local body = string.format(
    '{"id":"%s","contactIds":["%s"],"visitedAt":"%s","channel":"ON_SITE","notes":"%s",' ..
    '"outcome":"客户认可方案，进入报价阶段","interestLevel":4,"nextStep":"%s","nextStepDate":"%s"}',
    uuid4(), t[2], os.date("!%Y-%m-%dT%H:%M:%SZ", now - 3600), b[1], b[2],
    os.date("!%Y-%m-%d", now + 7 * 86400))
  return wrk.format("POST", t[1], nil, body)
end

function response(status, headers, body)
  if status == 201 then
    created = created + 1
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local made = 0
  for _, thread in ipairs(threads) do
    made = made + (thread:get("created") or 0)
  end
  io.write(string.format(
    "RESULT requests=%d duration_us=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d " ..
    "non2xx=%d connect_errors=%d read_errors=%d write_errors=%d timeouts=%d created=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.status, e.connect, e.read, e.write, e.timeout, made))
end
