-- One page under load, for bench/run.py. Settings come from the environment:
-- BENCH_METHOD, BENCH_PATH, BENCH_COOKIE, BENCH_BODY (with {uuid} replaced per request),
-- BENCH_HTMX ("1" adds HX-Request), BENCH_OUT (a JSON summary is written there).
local method = os.getenv("BENCH_METHOD") or "GET"
local path = os.getenv("BENCH_PATH") or "/"
local body_template = os.getenv("BENCH_BODY") or ""
local out = os.getenv("BENCH_OUT")
local counter = 0
local thread_number = 0
local started = os.time()

local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

function init(args)
  thread_number = thread_number or 0
  wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE") or ""
  if os.getenv("BENCH_HTMX") == "1" then
    wrk.headers["HX-Request"] = "true"
  end
  if method == "POST" then
    wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  end
end

function request()
  counter = counter + 1
  local body = nil
  if method == "POST" then
    -- A fresh idempotency key per request: every POST really saves a new slip.
    local key = string.format("%08x-%04x-4000-8000-%012x", started % 0xffffffff, thread_number, counter)
    body = body_template:gsub("{uuid}", key)
  end
  return wrk.format(method, path, nil, body)
end

function done(summary, latency, requests)
  local errors = summary.errors
  local result = string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, '
      .. '"errors_connect": %d, "errors_read": %d, "errors_write": %d, "errors_status": %d, "errors_timeout": %d}',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, errors.connect, errors.read, errors.write, errors.status, errors.timeout
  )
  if out then
    local file = io.open(out, "w")
    file:write(result)
    file:close()
  end
end
