#!/usr/bin/env bash
# The fault test with a large N: PostgreSQL (ensured), a fresh database, 3 silo processes, N refund lifecycles over
# HTTP, one silo SIGKILLed mid-run and restarted, then the audit (printed). The suite runs the same test with N=80.
#   deploy/local/fault-test.sh            # 2000 lifecycles
#   deploy/local/fault-test.sh 10000      # more; FAULT_TEST_CONCURRENCY (default 8) sets the client's parallelism
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export FAULT_TEST_REFUNDS="${1:-2000}"
export FAULT_TEST_CONCURRENCY="${FAULT_TEST_CONCURRENCY:-16}"
bash "$root/deploy/postgres/ensure-server.sh"
dotnet build "$root/tests/RefundCluster.Durable.Tests" -c Release -nologo -v quiet
dotnet test "$root/tests/RefundCluster.Durable.Tests" -c Release --no-build --nologo \
  --filter "FullyQualifiedName~FaultTests" --logger "console;verbosity=normal" \

cat "$root/TestResults/fault-test-audit.txt"
