#!/usr/bin/env bash
# Builds the project, then shows crashes and resumes of an employee onboarding:
#   1. a run that halts the JVM inside step 2 (provisionLaptop, in the laptop child workflow), after
#      its side effect, before its commit;
#   2. the manager's approval, sent from another process while nothing runs (it waits for the run);
#   3. a plain rerun, which replays what was committed, runs the rest, and takes the approval;
#   4. a third run, which returns the recorded result and runs nothing;
#   5. another onboarding that gets no approval in time: it escalates to HR, is killed with kill -9
#      while it waits, is approved from another process, and finishes when run again;
#   6. a third onboarding, cancelled with the `durable` command while its laptop is with the
#      courier: the laptop child returns the laptop, the onboarding revokes the accounts;
# and finally the effects ledger, what really ran how often.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B install -DskipTests
jar=sample-onboarding/target/sample-onboarding.jar
durable=durable-cli/durable
work=$(mktemp -d)
args=(--db "$work/onboarding.db" --effects "$work/onboarding-effects.log" --step-delay-ms 300 --reminder-delay-ms 1500)

# Runs the sample in the background, its output in $2, until a line starting with $1 appears.
start_until() {
  local wait_for=$1 out=$2
  shift 2
  java -jar "$jar" "${args[@]}" "$@" > "$out" 2>&1 &
  bg=$!
  until grep -q "^$wait_for" "$out"; do
    if ! kill -0 "$bg" 2>/dev/null; then cat "$out"; exit 1; fi
    sleep 0.2
  done
}

echo "== 1. run with --crash-at=2 =="
set +e
java -jar "$jar" "${args[@]}" --crash-at=2
code=$?
set -e
echo "(exit code $code)"
echo
echo "== 2. the manager approves, from another process, while nothing runs =="
java -jar "$jar" "${args[@]}" --approve=maria
echo
echo "== 3. rerun: resumes =="
java -jar "$jar" "${args[@]}"
echo
echo "== 4. rerun again: already completed =="
java -jar "$jar" "${args[@]}"
echo
echo "== 5. onboarding-E2001: no approval within 2 s, so HR is told; killed -9 while it waits =="
e2001=(--workflow-id onboarding-E2001 --escalate-after-ms 2000)
start_until "  escalateApproval" "$work/e2001.out" "${e2001[@]}"
cat "$work/e2001.out"
kill -9 "$bg"
wait "$bg" 2>/dev/null || true
echo "(killed with kill -9 while it waited; the manager approves from another process)"
java -jar "$jar" "${args[@]}" "${e2001[@]}" --approve=maria
echo "(running the same command again)"
java -jar "$jar" "${args[@]}" "${e2001[@]}"
echo
echo "== 6. onboarding-E3001: cancelled with the durable command while the laptop is with the courier =="
e3001=(--workflow-id onboarding-E3001 --shipping-ms 600000)
start_until "Waiting for the laptop" "$work/e3001.out" "${e3001[@]}"
"$durable" --db "$work/onboarding.db" list
"$durable" --db "$work/onboarding.db" cancel onboarding-E3001
set +e
wait "$bg"
set -e
cat "$work/e3001.out"
echo
echo "== effects ledger ($work/onboarding-effects.log) =="
sort "$work/onboarding-effects.log" | uniq -c
echo
echo "provisionLaptop ran twice for onboarding-E1042: the crash came after its side effect and before its"
echo "result was committed. provisionAccess ran in parallel with it, so it shows 1 or 2: 2 if its side effect"
echo "had also happened but its result was not yet committed when the JVM halted, 1 otherwise."
echo "onboarding-E2001 ran each step once: the kill came while it waited, when no step was in flight."
echo "onboarding-E3001 was undone: returnLaptop (by its laptop child) and revokeAccess, no welcome email."
