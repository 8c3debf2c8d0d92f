-- Add to cart, check out with the dev gateway, confirm the payment: the three requests of a purchase, in
-- turn, by signed-in shoppers (one JWT per line in BENCH_TOKENS, one shopper per connection: run wrk with
-- as many connections as threads). Variant ids to buy: BENCH_VARIANTS, one per line. A thread stops after
-- BENCH_MAX_REQUESTS responses (default 200000) even before wrk's -d duration is up (wrk.thread:stop()).
-- With BENCH_COUPON set (the checkout_coupon scenario), each purchase applies that coupon to the cart between
-- the add and the checkout: four requests instead of three.
local coupon = os.getenv("BENCH_COUPON") or ""
local steps = coupon ~= "" and {"add", "coupon", "checkout", "confirm"} or {"add", "checkout", "confirm"}
local max_requests = tonumber(os.getenv("BENCH_MAX_REQUESTS") or "") or 200000
answered = 0  -- a global, so that done() can read each thread's count (thread:get)
local tokens, variants = {}, {}
for line in io.lines(os.getenv("BENCH_TOKENS")) do if line ~= "" then tokens[#tokens + 1] = line end end
for line in io.lines(os.getenv("BENCH_VARIANTS")) do if line ~= "" then variants[#variants + 1] = line end end
local threads = {}

function setup(thread)
  thread:set("shopper", #threads + 1)
  threads[#threads + 1] = thread
end

local step, order_id, n, failed = 0, nil, 0, 0
local address = '{"full_name": "Bench Shopper", "phone": "9876543210", "line1": "1 MG Road", ' ..
                '"city": "Bengaluru", "state": "Karnataka", "pincode": "560001"}'

function init(args)
  token = tokens[shopper]
  auth = {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}
end

function request()
  local name = steps[step + 1]
  if name == "add" then
    n = n + 1
    local variant = variants[((n + shopper * 13) % #variants) + 1]
    return wrk.format("POST", "/api/cart/items/", auth, '{"variant": ' .. variant .. ', "quantity": 1}')
  elseif name == "coupon" then
    return wrk.format("POST", "/api/cart/coupon/", auth, '{"code": "' .. coupon .. '"}')
  elseif name == "checkout" then
    local headers = {["Authorization"] = auth["Authorization"], ["Content-Type"] = "application/json",
                     ["Idempotency-Key"] = "bench-" .. shopper .. "-" .. n .. "-" .. os.time()}
    return wrk.format("POST", "/api/checkout/", headers,
                      '{"payment_method": "dev", "address": ' .. address .. '}')
  else
    return wrk.format("POST", "/api/payments/dev/confirm/", auth, '{"order_id": ' .. (order_id or 0) .. '}')
  end
end

function response(status, headers, body)
  answered = answered + 1
  if answered >= max_requests then wrk.thread:stop() end
  if status >= 400 then
    failed = failed + 1
    if failed <= 3 then io.stderr:write("checkout step " .. step .. ": " .. status .. " " .. body:sub(1, 300) .. "\n") end
    step = 0
    return
  end
  if steps[step + 1] == "checkout" then
    order_id = body:match('"id":%s*(%d+)')
  end
  step = (step + 1) % #steps
end


function done(summary, latency, requests)
  local e = summary.errors
  -- capped: a thread stopped at BENCH_MAX_REQUESTS; wrk still waits out -d, so duration_us is not its run time.
  local capped = false
  for _, thread in ipairs(threads) do
    if (tonumber(thread:get("answered")) or 0) >= max_requests then capped = true end
  end
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, "max_requests_per_thread": %d, "capped": %s}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, e.connect, e.read, e.write, e.status, e.timeout, max_requests, tostring(capped)))
end
