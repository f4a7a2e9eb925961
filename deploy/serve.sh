#!/usr/bin/env bash
# N app replicas on one PostgreSQL behind nginx, without containers:
#
#   export GOVQA_INDEX_URL=postgresql://govqa:PASSWORD@db-host:5432/govqa   # built by `python -m indexer build reports/`
#   deploy/serve.sh 2 8080            # 2 replicas on 127.0.0.1:7861-7862, nginx on 127.0.0.1:8080
#
# PYTHON (default python), BASE_PORT (7860) and RUN_DIR (a new temporary folder: logs, pids, nginx.conf) may be set.
# Ctrl-C (or SIGTERM) stops nginx and the replicas.
set -euo pipefail
n=${1:-2}
port=${2:-8080}
py=${PYTHON:-python}
base=${BASE_PORT:-7860}
: "${GOVQA_INDEX_URL:?set GOVQA_INDEX_URL=postgresql://user:password@host:5432/database}"
here=$(cd "$(dirname "$0")" && pwd)
run=${RUN_DIR:-$(mktemp -d -t govqa-serve-XXXX)}
mkdir -p "$run"
pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop EXIT INT TERM
upstreams=""
for i in $(seq 1 "$n"); do
    p=$((base + i))
    (cd "$here/.." && exec "$py" -m app serve --host 127.0.0.1 --port "$p") > "$run/replica-$i.log" 2>&1 &
    pids+=($!)
    echo "$!" > "$run/replica-$i.pid"
    upstreams+="        server 127.0.0.1:$p max_fails=1 fail_timeout=10s;"$'\n'
done
python3 - "$here/nginx.conf" "$run/nginx.conf" "$run" "$port" "$upstreams" <<'PY'
import sys
src, dst, run, port, ups = sys.argv[1:]
text = open(src).read().replace("@RUN@", run).replace("@PORT@", port).replace("@UPSTREAMS@", ups.rstrip("\n"))
open(dst, "w").write(text)
PY
echo "replicas: ${pids[*]} (logs in $run); nginx on http://127.0.0.1:$port/"
nginx -c "$run/nginx.conf" -p "$run" -g 'daemon off;' &
pids+=($!)
echo "$!" > "$run/nginx.pid.shell"
wait -n "${pids[-1]}"
