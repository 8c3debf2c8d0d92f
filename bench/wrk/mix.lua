-- A fixed mix of GET paths (one per line in the file named by BENCH_PATHS), taken in turn; each wrk
-- thread starts at its own offset. done() prints the figures as one JSON line for bench/report.py.
-- A thread stops after BENCH_MAX_REQUESTS requests (default 200000) even before wrk's -d duration is up:
-- counted as they are sent (a response() function would make wrk hand every body to Lua, which costs the
-- load generator CPU on the cores the API uses), stopped with wrk.thread:stop() (wrk's scripts/stop.lua).
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do
  if line ~= "" then paths[#paths + 1] = line end
end
local max_requests = tonumber(os.getenv("BENCH_MAX_REQUESTS") or "") or 200000
local counter = 0
sent = 0  -- a global, so that done() can read each thread's count (thread:get)
local threads = {}

function setup(thread)
  thread:set("offset", #threads * 7)
  threads[#threads + 1] = thread
end

function init(args)
  counter = offset or 0
end

function request()
  sent = sent + 1
  if sent >= max_requests then wrk.thread:stop() end  -- this request still goes; the thread ends after it
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

function done(summary, latency, requests)
  local e = summary.errors
  -- capped: a thread stopped at BENCH_MAX_REQUESTS; wrk still waits out -d, so duration_us is not its run time.
  local capped = false
  for _, thread in ipairs(threads) do
    if (tonumber(thread:get("sent")) or 0) >= max_requests then capped = true end
  end
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, "max_requests_per_thread": %d, "capped": %s}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, e.connect, e.read, e.write, e.status, e.timeout, max_requests, tostring(capped)))
end
