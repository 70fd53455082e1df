#!/usr/bin/env bash
# Builds the sample, then shows a crash and a resume:
#   1. a run that halts the JVM inside step 2 (provisionLaptop), after its side effect, before its commit;
#   2. a plain rerun, which replays step 1 from the store and runs the rest;
#   3. a third run, which returns the recorded result and runs nothing;
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
java -jar "$jar" "${args[@]}" --crash-at=2
code=$?
set -e
echo "(exit code $code)"
echo
echo "== 2. rerun: resumes =="
java -jar "$jar" "${args[@]}"
echo
echo "== 3. rerun again: already completed =="
java -jar "$jar" "${args[@]}"
echo
echo "== effects ledger ($work/onboarding-effects.log) =="
sort "$work/onboarding-effects.log" | uniq -c
echo
echo "provisionLaptop ran twice: the crash came after its side effect and before its result was committed."
echo "provisionAccess ran in parallel with it, so it shows 1 or 2: 2 if its side effect had also happened"
echo "but its result was not yet committed when the JVM halted (then run 2 re-executed it), 1 otherwise."
