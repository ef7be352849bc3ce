#!/usr/bin/env bash
# The whole test suite: unit and integration tests (jest: engines, Odoo client, simulator contract tests, nodes run by
# n8n's execution engine, real Redis), then the end-to-end suite against a real n8n on both supported lines.
set -euo pipefail
cd "$(dirname "$0")/.."

ensure_command() {
	local command=$1 package=$2
	command -v "$command" >/dev/null 2>&1 && return 0
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "== installing $package (needed by the tests)"
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null
	else
		echo "The tests need '$command' (Debian package '$package'). Install it and run again." >&2
		exit 1
	fi
}

ensure_command redis-server redis-server
# The fuzz suite checks domains against Python's own literal_eval; the TLS tests make a certificate with openssl.
ensure_command python3 python3
ensure_command openssl openssl

npx jest --ci

# A real n8n on both lines users run (2.41.1 on Node 24, 1.123.x on Node 20), installed once into a cache outside the
# repo (~/.cache/n8n-odoo-logistics, or N8N_E2E_CACHE), with the packed package installed as users install it.
npx ts-node --transpile-only test/e2e/run.ts --line both

# The README's main job: the demo, run for a bounded time, must run every template successfully and stop cleanly.
npx ts-node --transpile-only test/demo/demo.check.ts

# Queue mode under faults: PostgreSQL and Redis (installed with apt-get when missing), n8n 2.x main + 2 workers, the
# order-to-ship and return-to-resolution templates with 2,000 orders and 400 return requests, 20% delivered twice, Odoo
# errors and lost webhooks, one worker SIGKILLed; nothing lost or doubled.
npx ts-node --transpile-only test/soak/run.ts
