#!/usr/bin/env bash
# Builds the sample, then shows a crash and a resume:
#   1. a run that halts the JVM inside step 2 (provisionLaptop), after its side effect, before its commit;
#   2. a plain rerun, which replays step 1 from the store and runs the rest;
#   3. a third run, which returns the recorded result and runs nothing;
# and finally the effects ledger: createRecord once, provisionLaptop twice, sendWelcomeEmail once.
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
