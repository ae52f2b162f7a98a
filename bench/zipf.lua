-- wrk script: long-tail readers. GETs /api/v1/articles/<slug> for every request, the slug
-- drawn from the slug file (one a line, most popular first) with a Zipf distribution over
-- ALL of its lines: rank k is read with probability proportional to 1 / k^s.
--
--   wrk -t2 -c64 -d10s --latency -s bench/zipf.lua http://127.0.0.1:18300 -- SLUGS [DIST] [S] [SEED]
--
-- DIST is "zipf" (the default) or "uniform", S the exponent (1.1), SEED the base of the
-- per-thread random seeds (1). bench/junk.lua loads this file and changes request().
-- There is no response() hook on purpose: one makes wrk parse every response into Lua, a
-- cost the load generator would pay on the cores the server uses. wrk's own summary counts
-- the non-2xx responses.

local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  local file = args[1] or error("zipf.lua: pass the slug file after --")
  dist = args[2] or "zipf"
  local s = tonumber(args[3] or "1.1")
  math.randomseed(tonumber(args[4] or "1") * 1000 + tid)

  -- The paths, in rank order; each request is built once here, not per request.
  paths, requests = {}, {}
  for slug in io.lines(file) do
    if slug ~= "" then
      local path = "/api/v1/articles/" .. slug
      paths[#paths + 1] = path
      requests[#requests + 1] = wrk.format("GET", path)
    end
  end
  n = #paths
  if n == 0 then error("zipf.lua: no slugs in " .. file) end

  -- cdf[k] = P(rank <= k): cumulative weights 1 / k^s, normalised so cdf[n] = 1.
  cdf = {}
  local total = 0
  for k = 1, n do
    total = total + k ^ -s
    cdf[k] = total
  end
  for k = 1, n do cdf[k] = cdf[k] / total end
end

-- A rank: uniform, or the smallest k with cdf[k] >= u (binary search, ~16 steps for 50 000).
function rank()
  if dist == "uniform" then return math.random(n) end
  local u = math.random()
  local lo, hi = 1, n
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if cdf[mid] < u then lo = mid + 1 else hi = mid end
  end
  return lo
end

function request()
  return requests[rank()]
end
