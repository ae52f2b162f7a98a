-- wrk script: junk query strings on real article URLs, as crawlers, ad links and attackers
-- send them. Each request is a real /api/v1/articles/<slug> (drawn as in zipf.lua, which
-- this file loads) with a query string never sent before: tracking parameters with random
-- values, sometimes a cache-buster. A cache keyed on the raw query string makes an entry
-- for every one of them; one keyed on the known parameters serves them all from the page's
-- own entry.
--
--   wrk -t1 -c16 -d10s --latency -s bench/junk.lua http://127.0.0.1:18300 -- SLUGS [DIST] [S] [SEED]
--
-- Same arguments as zipf.lua; bench/run.sh passes DIST "uniform" (a crawler walks the whole
-- catalogue) unless JUNK_DIST says otherwise.

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "zipf.lua")

local extras = { "utm_medium=social", "utm_campaign=launch", "gclid=", "ref=", "_=", "mc_eid=" }
local counter = 0

function request()
  counter = counter + 1
  -- Unique per thread and request (the counter), and unguessable like real click ids.
  local query = string.format("?utm_source=t%dn%d&fbclid=%08x%08x", tid, counter,
    math.random(0, 0x7fffffff), math.random(0, 0x7fffffff))
  if counter % 3 == 0 then
    local extra = extras[math.random(#extras)]
    if extra:sub(-1) == "=" then extra = extra .. string.format("%x", math.random(0, 0x7fffffff)) end
    query = query .. "&" .. extra
  end
  return wrk.format("GET", paths[rank()] .. query)
end
