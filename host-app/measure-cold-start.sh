#!/usr/bin/env bash
# Launch → "room open" of the host app, five cold starts (a fresh QUEUED_HOME each: new database), median printed.
# Needs a display, e.g. xvfb-run -a -s "-screen 0 1280x800x24" host-app/measure-cold-start.sh
# (it compiles first). Runs the built classes on the class path, like an installed app.
set -euo pipefail
cd "$(dirname "$0")/.."
# every module of the reactor writes the file; host-app, built last, leaves its own class path in it
./mvnw -B -q -pl host-app -am test-compile dependency:build-classpath -Dmdep.outputFile="$PWD/host-app/target/run.cp" \
  -Dmdep.includeScope=runtime >/dev/null
CP="host-app/target/classes:shared/target/classes:server-embedded/target/classes:$(tr ':' '\n' < host-app/target/run.cp | grep -v '/target/classes' | paste -sd:)"
times=()
for i in 1 2 3 4 5; do
  home=$(mktemp -d)
  ms=$(QUEUED_HOME="$home" java -cp "$CP" app.queued.host.app.HostMain --room "Cold start" --port 0 --quit-when-open 2>/dev/null \
        | sed -n 's/^ROOM OPEN \([0-9]*\) ms$/\1/p')
  rm -rf "$home"
  echo "start $i: ${ms} ms"
  times+=("$ms")
done
printf '%s\n' "${times[@]}" | sort -n | sed -n 3p | xargs -I{} echo "median: {} ms"
