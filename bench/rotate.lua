-- wrk script used by bench/load.py --client wrk: plain wrk requests one URL, but case detail and
-- search must rotate through several paths, like the Python client does.
--
--   wrk -t2 -c32 -d10s --latency -s bench/rotate.lua http://127.0.0.1:8199/ -- PATHS_FILE
--
-- PATHS_FILE holds one request path per line (bench/load.py writes it). Each wrk thread starts
-- at a different offset so the threads do not ask for the same page at the same moment.

local paths = {}
local counter = 0
local started = 0

function setup(thread)
  -- Runs in the main Lua state, once per thread, before that thread's init().
  thread:set("offset", started)
  started = started + 1
end

function init(args)
  local file = assert(io.open(args[1], "r"), "cannot open the paths file " .. tostring(args[1]))
  for line in file:lines() do
    if line ~= "" then
      paths[#paths + 1] = line
    end
  end
  file:close()
  assert(#paths > 0, "the paths file is empty")
  counter = (offset or 0) * 7
  wrk.headers["Accept"] = "text/html"
  wrk.headers["Accept-Encoding"] = "identity"
end

function request()
  local path = paths[(counter % #paths) + 1]
  counter = counter + 1
  return wrk.format("GET", path)
end
