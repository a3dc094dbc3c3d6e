#!/usr/bin/env bash
# Resident memory of a real fazhi-extract (catalog and gazetteer loaded)
# serving 10 000 Extract calls of the seed reports through the Python
# client; prints RSS at start, along the way and the peak (VmHWM).
#   bash tests/bench/extract_memory.sh [REQUESTS]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bin="${FAZHI_BUILD_DIR:-$root/build}/bin"
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin/fazhi-extract" --listen=127.0.0.1:$port --log_level=warning &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
PID=$pid PORT=$port REQUESTS="${1:-10000}" ROOT="$root" /usr/bin/python3 - <<'PY'
import glob, os, sys, time
sys.path.insert(0, os.path.join(os.environ["ROOT"], "tools", "python"))
from fazhi_client import FazhiClient, grpc
pid, n = os.environ["PID"], int(os.environ["REQUESTS"])
def status(key):
    text = open(f"/proc/{pid}/status").read()
    return text.split(key + ":")[1].split("\n")[0].strip()
client = FazhiClient(extract_target="127.0.0.1:" + os.environ["PORT"])
seeds = [open(p, "rb").read() for p in sorted(glob.glob(os.path.join(
    os.environ["ROOT"], "..", "shared", "corpus", "seeds", "*")))]
deadline = time.time() + 20
while True:
    try:
        client.extract_bytes("启动。".encode()); break
    except grpc.RpcError:
        if time.time() > deadline: raise
        time.sleep(0.1)
print(f"fazhi-extract RSS at start: {status('VmRSS')}")
start = time.time()
for i in range(n):
    client.extract_bytes(seeds[i % len(seeds)] + f"\n({i})".encode(), source=f"seed-{i}")
    if (i + 1) % (n // 4) == 0:
        print(f"  after {i + 1} requests: RSS {status('VmRSS')}")
print(f"{n} requests in {time.time() - start:.1f} s; peak RSS (VmHWM) {status('VmHWM')} "
      "(target < 200 MB, flat)")
PY
