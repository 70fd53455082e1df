#!/usr/bin/env bash
# Builds the sample, then shows a crash and a resume:
#   1. a run that halts the JVM inside step 2 (provisionLaptop), after its side effect, before its commit;
#   2. a plain rerun, which replays step 1 from the store and runs the rest;
#   3. a third run, which returns the recorded result and runs nothing;
#   4. another onboarding, killed with kill -9 while it sleeps before its first-day reminder (a
#      durable sleep), then run again: it finishes at the original time, the reminder sent once;
# and finally the effects ledger: createRecord once, provisionLaptop twice, sendWelcomeEmail once,
# and provisionAccess (step 3, which runs in parallel with step 2) once or twice, depending on how
# far it had got when the JVM halted.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B install -DskipTests
jar=sample-onboarding/target/sample-onboarding.jar
work=$(mktemp -d)
args=(--db "$work/onboarding.db" --effects "$work/onboarding-effects.log" --step-delay-ms 300)

echo "== 1. run with --crash-at=2 =="
set +e
java -jar "$jar" "${args[@]}" --reminder-delay-ms 2000 --crash-at=2
code=$?
set -e
echo "(exit code $code)"
echo
echo "== 2. rerun: resumes =="
java -jar "$jar" "${args[@]}" --reminder-delay-ms 2000
echo
echo "== 3. rerun again: already completed =="
java -jar "$jar" "${args[@]}" --reminder-delay-ms 2000
echo
echo "== 4. another onboarding, killed -9 while it sleeps before its reminder, then run again =="
java -jar "$jar" "${args[@]}" --workflow-id onboarding-E2001 --reminder-delay-ms 6000 > "$work/sleeper.out" 2>&1 &
sleeper=$!
until grep -q "Sleeping until" "$work/sleeper.out"; do
  if ! kill -0 "$sleeper" 2>/dev/null; then cat "$work/sleeper.out"; exit 1; fi
  sleep 0.2
done
cat "$work/sleeper.out"
kill -9 "$sleeper"
wait "$sleeper" 2>/dev/null || true
echo "(killed with kill -9 while it slept; running the same command again)"
java -jar "$jar" "${args[@]}" --workflow-id onboarding-E2001 --reminder-delay-ms 6000
echo
echo "== effects ledger ($work/onboarding-effects.log) =="
sort "$work/onboarding-effects.log" | uniq -c
echo
echo "provisionLaptop ran twice: the crash came after its side effect and before its result was committed."
echo "provisionAccess ran in parallel with it, so it shows 1 or 2: 2 if its side effect had also happened"
echo "but its result was not yet committed when the JVM halted (then run 2 re-executed it), 1 otherwise."
echo "onboarding-E2001 ran each step once: the kill came while it slept, when no step was in flight."
