#!/bin/sh
# Runs the scaled-out topology on one machine: two API processes and one job worker sharing PostgreSQL and
# Redis (`npm run scale-out`). Ctrl-C stops all three gracefully.
#
#   DATABASE_URL  PostgreSQL shared by every process (default postgres://postgres@127.0.0.1:5432/sentia_scale)
#   REDIS_URL     Redis for BullMQ, pub/sub events and the shared cache (default redis://127.0.0.1:6379)
#   PORTS         the two API ports (default "3341 3342"); put a load balancer in front for one address
#   SESSION_SECRET  shared by the API processes so a session cookie works on both (generated when unset)
set -eu

cd "$(dirname "$0")/.."
DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/sentia_scale}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
PORTS="${PORTS:-3341 3342}"
SESSION_SECRET="${SESSION_SECRET:-$(node -e "console.log(require('node:crypto').randomBytes(32).toString('hex'))")}"
export DATABASE_URL REDIS_URL SESSION_SECRET
export NODE_ENV="${NODE_ENV:-production}"

# The database named in DATABASE_URL must exist; create it when the server lets us.
node --input-type=module -e "
import pg from 'pg';
const url = new URL(process.env.DATABASE_URL);
const name = url.pathname.slice(1);
url.pathname = '/postgres';
const client = new pg.Client({ connectionString: url.toString() });
await client.connect();
const { rowCount } = await client.query('select 1 from pg_database where datname = \$1', [name]);
if (rowCount === 0) { await client.query('create database \"' + name.replaceAll('\"', '\"\"') + '\"'); console.log('created database ' + name); }
await client.end();
" || { echo "cannot reach PostgreSQL at DATABASE_URL ($DATABASE_URL)"; exit 1; }
redis-cli -u "$REDIS_URL" ping >/dev/null 2>&1 || node -e "
const { Redis } = require('ioredis');
const r = new Redis(process.env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
r.connect().then(() => r.ping()).then(() => process.exit(0), () => process.exit(1));
" || { echo "cannot reach Redis at REDIS_URL ($REDIS_URL)"; exit 1; }

PIDS=""
stop() {
  trap - INT TERM EXIT
  echo "stopping: $PIDS"
  for pid in $PIDS; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in $PIDS; do wait "$pid" 2>/dev/null || true; done
}
trap stop INT TERM EXIT

wait_ready() {
  port=$1
  i=0
  until curl -fsS "http://127.0.0.1:$port/ready" >/dev/null 2>&1; do
    i=$((i + 1))
    if [ "$i" -gt 600 ]; then echo "API on port $port did not become ready"; exit 1; fi
    sleep 0.5
  done
}

first=1
for port in $PORTS; do
  # exec, so $! is the server itself and Ctrl-C reaches it (its logs carry the pid and port).
  (PORT=$port HOST=127.0.0.1 exec node --import tsx apps/server/src/main.ts) &
  PIDS="$PIDS $!"
  # The first process migrates and seeds; the others start once it is ready.
  if [ "$first" = 1 ]; then wait_ready "$port"; first=0; fi
done
for port in $PORTS; do wait_ready "$port"; done

(exec node --import tsx apps/server/src/worker.ts) &
PIDS="$PIDS $!"

echo
echo "  scale-out running: API on$(for p in $PORTS; do printf ' http://127.0.0.1:%s/' "$p"; done), one worker"
echo "  PostgreSQL: $DATABASE_URL   Redis: $REDIS_URL"
echo "  Ctrl-C stops everything."
wait
