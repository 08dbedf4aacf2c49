#!/bin/sh
# The demo agent of docker-compose.yml: creates the simulated database DEMO on its first start,
# waits for the identity the demo-setup service writes, then runs the agent daemon.
set -eu

home=${RAMPART_DEMO_ORACLE_HOME:-/var/lib/rampart/oracle}
sid=${RAMPART_DEMO_SID:-DEMO}
config=${RAMPART_AGENT_CONFIG:-/var/lib/rampart/agent/agent.json}

if [ ! -e "$home/bin/rman" ]; then
  node /app/apps/oracle-sim/dist/main.js create --home "$home" --sid "$sid"
fi

tries=0
until [ -s "$config" ]; do
  tries=$((tries + 1))
  if [ "$tries" -gt 120 ]; then
    echo "rampart-agent-demo: no agent identity at $config after 2 minutes" >&2
    exit 1
  fi
  sleep 1
done

exec node --max-semi-space-size=2 /app/apps/agent/dist/main.js --config "$config" start
