#!/usr/bin/env bash
# Start-up of the host and guest apps as users run them (issue 19): the installed app-images and the README's Maven
# run command, each started 5 times cold and 5 times warm under Xvfb; medians of the apps' own START MARK lines
# (milliseconds since the process started: the launcher's for an app-image, Maven's for exec:java), plus the RSS of
# the host JVM, its PostgreSQL and Redis, and a guest app-image, with a 200-track queue and 10 guests.
#
#   cold  a first start for a new user: a fresh user.home (no ~/.openjfx cache, PostgreSQL's binaries not yet
#         unpacked) and a fresh app-data folder (QUEUED_HOME: initdb, migrations, a new room)
#   warm  the same user.home and app-data folder as a start before (PostgreSQL's data folder exists, the room is
#         reopened)
#
# The guests join a room of 200 tracks (10 guests, 1 000 votes) that host-app's MeasureMemory holds open.
#
# Usage (run it under the machine lock, it takes a few minutes; build the app-images first unless --build):
#   flock /tmp/machine.lock installers/measure-start.sh [--runs 5] [--only image|maven] [--no-memory] [--build]
# Writes every run's output and the summary into target/measure-start/ and prints the summary.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RUNS=5
ONLY=all
MEMORY=1
BUILD=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    --no-memory) MEMORY=0; shift ;;
    --build) BUILD=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

HOST_BIN="$ROOT/installers/host/target/installer/queued-host/bin/Queued Host"
GUEST_BIN="$ROOT/installers/guest/target/installer/queued-guest/bin/Queued Guest"
OUT="$ROOT/target/measure-start"
rm -rf "$OUT"
mkdir -p "$OUT"
SUMMARY="$OUT/summary.txt"
: > "$SUMMARY"
say() { echo "$*" | tee -a "$SUMMARY"; }

if [[ $BUILD -eq 1 ]]; then
  ./mvnw -B -q -Pinstallers -pl installers/host,installers/guest -am package -DskipTests -Dinstallers.imageOnly=true
fi
[[ -x "$HOST_BIN" && -x "$GUEST_BIN" ]] || { echo "build the app-images first (or --build)" >&2; exit 1; }

# ---- a display of our own
command -v Xvfb >/dev/null || { echo "needs Xvfb and GTK 3: apt-get install -y xvfb xauth libgtk-3-0" >&2; exit 1; }
display=$(( 150 + RANDOM % 100 ))
while [[ -e /tmp/.X11-unix/X$display ]]; do display=$((display + 1)); done
Xvfb ":$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
XVFB_PID=$!
HOLD_PID=
cleanup() {
  [[ -n "$HOLD_PID" ]] && kill "$HOLD_PID" 2>/dev/null && wait "$HOLD_PID" 2>/dev/null
  kill "$XVFB_PID" 2>/dev/null || true
  rm -rf "$OUT/homes"
}
trap cleanup EXIT
for _ in $(seq 100); do [[ -e /tmp/.X11-unix/X$display ]] && break; sleep 0.05; done
[[ -e /tmp/.X11-unix/X$display ]] || { echo "Xvfb :$display did not start" >&2; exit 1; }
export DISPLAY=":$display"
mkdir -p "$OUT/homes"

# one start: <output file> <user.home> <app-data folder> <app: host|guest> <path: image|maven> [guest args...]
start_once() {
  local file=$1 uhome=$2 qhome=$3 app=$4 path=$5
  shift 5
  local status=0
  if [[ $path == image ]]; then
    local bin=$HOST_BIN args=(--room "Start" --port 0 --quit-when-open)
    [[ $app == guest ]] && bin=$GUEST_BIN && args=("$@")
    QUEUED_HOME="$qhome" QUEUED_START_MARKS=1 JAVA_TOOL_OPTIONS="-Duser.home=$uhome" \
      timeout 300 "$bin" "${args[@]}" >"$file" 2>"$file.err" </dev/null || status=$?
  else
    local exec_args="--room Start --port 0 --quit-when-open" module=host-app
    [[ $app == guest ]] && exec_args="$*" && module=guest-app
    QUEUED_HOME="$qhome" QUEUED_START_MARKS=1 \
      MAVEN_OPTS="-Duser.home=$uhome -Dmaven.repo.local=$HOME/.m2/repository" \
      timeout 300 ./mvnw -q -pl "$module" -am package -DskipTests "exec:java@${app}" -Dexec.args="$exec_args" \
      >"$file" 2>"$file.err" </dev/null || status=$?
  fi
  [[ $status -eq 0 ]] || echo "  (exit $status: $file.err)" >&2
}

# the median of the numbers on stdin
median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "-"; else if (NR % 2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }
mark_of() { sed -n "s/^START MARK $2 \([0-9]*\) ms$/\1/p" "$1" | head -1; }

# summary of one series: <label> <marks...> (the series' files are $OUT/<label>-<i>.txt)
summarise() {
  local label=$1
  shift
  local line="$label:"
  for m in "$@"; do
    local values=()
    for f in "$OUT/$label"-[0-9]*.txt; do
      local v
      if [[ $m == join-to-queue ]]; then
        local a b
        a=$(mark_of "$f" join-requested); b=$(mark_of "$f" queue-on-screen)
        [[ -n $a && -n $b ]] && v=$((b - a)) || v=
      else
        v=$(mark_of "$f" "$m")
      fi
      [[ -n $v ]] && values+=("$v")
    done
    line+=" $m=$(printf '%s\n' "${values[@]:-}" | grep . | median) [$(IFS=,; echo "${values[*]:-}")]"
  done
  say "$line"
}

HOST_MARKS=(main fx-toolkit window-shown start-screen database-ready cache-ready store-ready server-ready webkit-ready rooms-screen room-open)
GUEST_MARKS=(main fx-toolkit window-shown join-screen queue-on-screen join-to-queue)

series_host() { # <path>
  local path=$1 i
  echo "host $path: $RUNS cold starts" >&2
  for i in $(seq "$RUNS"); do
    local h="$OUT/homes/host-$path-cold-$i"
    mkdir -p "$h/user" "$h/app"
    start_once "$OUT/host-$path-cold-$i.txt" "$h/user" "$h/app" host "$path"
    rm -rf "$h"
  done
  echo "host $path: $RUNS warm starts (after one uncounted first start)" >&2
  local w="$OUT/homes/host-$path-warm"
  mkdir -p "$w/user" "$w/app"
  start_once "$OUT/host-$path-warm-first.log" "$w/user" "$w/app" host "$path"
  for i in $(seq "$RUNS"); do
    start_once "$OUT/host-$path-warm-$i.txt" "$w/user" "$w/app" host "$path"
  done
  rm -rf "$w"
  summarise "host-$path-cold" "${HOST_MARKS[@]}"
  summarise "host-$path-warm" "${HOST_MARKS[@]}"
}

series_guest() { # <path> <address> <code>
  local path=$1 address=$2 code=$3 i
  echo "guest $path: $RUNS cold starts" >&2
  for i in $(seq "$RUNS"); do
    local h="$OUT/homes/guest-$path-cold-$i"
    mkdir -p "$h/user" "$h/app"
    start_once "$OUT/guest-$path-cold-$i.txt" "$h/user" "$h/app" guest "$path" \
      --join "$address" --code "$code" --nickname "Cold$i" --quit-when-joined
    rm -rf "$h"
  done
  echo "guest $path: $RUNS warm starts (after one uncounted first start)" >&2
  local w="$OUT/homes/guest-$path-warm"
  mkdir -p "$w/user" "$w/app"
  start_once "$OUT/guest-$path-warm-first.log" "$w/user" "$w/app" guest "$path" \
    --join "$address" --code "$code" --nickname "Warm" --quit-when-joined
  for i in $(seq "$RUNS"); do
    start_once "$OUT/guest-$path-warm-$i.txt" "$w/user" "$w/app" guest "$path" \
      --join "$address" --code "$code" --nickname "Warm" --quit-when-joined
  done
  rm -rf "$w"
  summarise "guest-$path-cold" "${GUEST_MARKS[@]}"
  summarise "guest-$path-warm" "${GUEST_MARKS[@]}"
}

say "measure-start $(date -u +%FT%TZ) commit $(git rev-parse --short HEAD 2>/dev/null || echo '(no git)')$(git diff --quiet 2>/dev/null || echo '+changes') load $(cut -d' ' -f1-3 /proc/loadavg)"
say "host options: $(grep -A100 '^\[JavaOptions\]' "$(dirname "$HOST_BIN")/../lib/app/Queued Host.cfg" | grep '^java-options' | cut -d= -f2- | paste -sd' ')"
say "guest options: $(grep -A100 '^\[JavaOptions\]' "$(dirname "$GUEST_BIN")/../lib/app/Queued Guest.cfg" | grep '^java-options' | cut -d= -f2- | paste -sd' ')"

paths=(image maven)
[[ $ONLY != all ]] && paths=("$ONLY")

for path in "${paths[@]}"; do
  series_host "$path"
done

# ---- the party the guests join (and the memory figures): MeasureMemory on host-app's test class path, with the
# host app-image's JVM options
./mvnw -B -q -pl host-app -am test-compile dependency:build-classpath -Dmdep.outputFile="$OUT/test.cp" \
  -Dmdep.includeScope=test >/dev/null
CP="host-app/target/classes:host-app/target/test-classes:shared/target/classes:server-embedded/target/classes"
CP="$CP:server-embedded/target/test-classes:fx-common/target/classes:$(tr ':' '\n' < "$OUT/test.cp" | grep -v '/target/classes' | paste -sd:)"
HOST_OPTS=$(grep -A100 '^\[JavaOptions\]' "$(dirname "$HOST_BIN")/../lib/app/Queued Host.cfg" | grep '^java-options' \
  | cut -d= -f2- | grep -v -e '\$APPDIR' -e '^-Dfile.encoding' | paste -sd' ')
mkfifo "$OUT/hold"
# shellcheck disable=SC2086
java $HOST_OPTS -cp "$CP" app.queued.host.MeasureMemory 200 10 1000 0 --hold <"$OUT/hold" >"$OUT/party.log" 2>&1 &
HOLD_PID=$!
exec 9>"$OUT/hold"
for _ in $(seq 600); do grep -q '^PARTY ' "$OUT/party.log" && break; sleep 0.5; done
read -r _ address code < <(grep '^PARTY ' "$OUT/party.log")
[[ -n ${code:-} ]] || { cat "$OUT/party.log" >&2; echo "the party did not open" >&2; exit 1; }
say "$(grep -E '^(QUEUE|HOST JVM|POSTGRES)' "$OUT/party.log")"

for path in "${paths[@]}"; do
  series_guest "$path" "$address" "$code"
done

if [[ $MEMORY -eq 1 ]]; then
  # the guest app-image in the party (200 tracks on screen), RSS 5 s after its queue showed
  g="$OUT/homes/guest-memory"
  mkdir -p "$g/user" "$g/app"
  QUEUED_HOME="$g/app" QUEUED_START_MARKS=1 JAVA_TOOL_OPTIONS="-Duser.home=$g/user" \
    "$GUEST_BIN" --join "$address" --code "$code" --nickname Memory >"$OUT/guest-memory.txt" 2>&1 </dev/null &
  gpid=$!
  for _ in $(seq 600); do grep -q 'queue-on-screen' "$OUT/guest-memory.txt" && break; sleep 0.1; done
  sleep 5
  say "GUEST app-image RSS $(awk '/^VmRSS/ {printf "%.0f", $2/1024}' /proc/$gpid/status) MiB (200 tracks on screen, 5 s after they showed)"
  kill "$gpid"
  wait "$gpid" 2>/dev/null || true
fi

exec 9>&-
wait "$HOLD_PID" || true
HOLD_PID=
echo
cat "$SUMMARY"
