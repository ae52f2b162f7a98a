-- wrk script: POSTs distinct comments (so the duplicate rule never fires) to the path in
-- the URL. Each wrk thread numbers its own comments; the run's start time keeps a second run
-- on the same database from repeating the first one's bodies.
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  counter = 0
  run = os.time()
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"author_name":"Reader %d","author_email":"r%d-%d@bench.example","body":"Comment %d of thread %d in run %d: the ending made sense."}',
    tid, tid, counter, counter, tid, run)
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, body)
end
