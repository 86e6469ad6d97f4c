#!/usr/bin/env bash
# Smoke test of the installed apps, as a party host and a guest would run them: builds the Linux app-images
# (unless --no-build), then, on a machine where no Java has to be found at all:
#   1. starts the host app-image's launcher (bin/Queued Host) with a fresh app-data folder: it starts its own
#      PostgreSQL, Redis and vote server, opens a room ("ROOM OPEN <ms> ms", "ROOM CODE <code> PORT <port>")
#      and waits for one guest (--quit-after-guest);
#   2. starts the guest app-image's launcher (bin/Queued Guest), which joins that room by address and code and
#      quits with 0 once the room's state arrived (--join ... --quit-when-joined);
#   3. checks that both exited with 0, that the host saw the guest, that each ran on its own bundled runtime,
#      and that no PostgreSQL or Redis was left running.
# Both apps use the real GTK window system under Xvfb (installed with apt-get when missing and allowed).
# Run from anywhere:  installers/smoke-test.sh   (or --no-build to test the app-images already built)
set -euo pipefail
cd "$(dirname "$0")/.."

build=1
[[ "${1:-}" == "--no-build" ]] && build=0

HOST_IMAGE="$PWD/installers/host/target/installer/queued-host"
GUEST_IMAGE="$PWD/installers/guest/target/installer/queued-guest"
HOST_BIN="$HOST_IMAGE/bin/Queued Host"
GUEST_BIN="$GUEST_IMAGE/bin/Queued Guest"
START_LIMIT=${QUEUED_SMOKE_START_LIMIT:-180}   # seconds the host may take to open the room (2 busy cores: ~10 s)

say() { echo "smoke: $*"; }
fail() {
  echo "smoke: FAILED: $*" >&2
  for f in "${work:-/nonexistent}"/host.log "${work:-/nonexistent}"/guest.log; do
    [[ -f "$f" ]] && { echo "---- $(basename "$f") (last 40 lines)" >&2; tail -n 40 "$f" >&2; }
  done
  echo "0 passed, 1 failed" >&2
  exit 1
}

# ---- what the run needs: a virtual display and GTK 3 (JavaFX's window system on Linux)
have_gtk() { "$(command -v ldconfig || echo /sbin/ldconfig)" -p 2>/dev/null | grep 'libgtk-3\.so\.0' >/dev/null; }
if ! command -v xvfb-run >/dev/null || ! command -v xauth >/dev/null || ! have_gtk; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    say "installing xvfb, xauth and libgtk-3-0 with apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xvfb xauth libgtk-3-0 </dev/null >/dev/null
  else
    fail "needs xvfb-run, xauth and GTK 3: sudo apt-get install -y xvfb xauth libgtk-3-0"
  fi
fi

# ---- the app-images
if [[ $build -eq 1 ]]; then
  say "building the app-images"
  t0=$(date +%s)
  ./mvnw -B -q -Pinstallers -pl installers/host,installers/guest -am package -DskipTests -Dinstallers.imageOnly=true
  say "app-images built in $(( $(date +%s) - t0 )) s"
fi
[[ -x "$HOST_BIN" ]] || fail "no host app-image at $HOST_BIN"
[[ -x "$GUEST_BIN" ]] || fail "no guest app-image at $GUEST_BIN"

work=$(mktemp -d)
launchers() { # the processes of our two launchers (the JVM runs inside the launcher's own process)
  local p exe
  for p in /proc/[0-9]*; do
    exe=$(readlink "$p/exe" 2>/dev/null) || continue
    [[ "$exe" == "$HOST_BIN" || "$exe" == "$GUEST_BIN" ]] && echo "${p#/proc/}"
  done
  return 0
}
cleanup() { # on a failure: stop what we started (an app stops its own PostgreSQL and Redis on SIGTERM)
  local p
  for p in $(launchers); do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# ---- a PATH without Java: every program of /usr/bin and /bin except the commands of any installed JDK
mkdir -p "$work/bin" "$work/home"
(
  cd "$work/bin"
  ln -s /usr/bin/* . 2>/dev/null || true
  ln -s /bin/* . 2>/dev/null || true
  for jdk_bin in /usr/lib/jvm/*/bin "${JAVA_HOME:-/nonexistent}/bin"; do
    [[ -d "$jdk_bin" ]] && for f in "$jdk_bin"/*; do rm -f "./$(basename "$f")"; done
  done
  rm -f java javac jar jlink jpackage
)
run_clean() { # a bare environment: no JAVA_HOME, no Java on the PATH, a fresh HOME
  env -i PATH="$work/bin" HOME="$work/home" LANG=C.UTF-8 "$@"
}
if run_clean sh -c 'command -v java' >/dev/null; then fail "java is still on the test PATH"; fi
say "no java on the PATH: $(run_clean sh -c 'command -v java || echo "(none)"')"

# ---- 1. the host: a fresh app-data folder, loopback only, not announced on the network
mkdir -m 700 "$work/host-data"
cat >"$work/host-data/host-settings.json" <<'JSON'
{"storage":"embedded","port":7765,"catalog":"demo","advertise":false}
JSON
chmod 600 "$work/host-data/host-settings.json"
t0=$(date +%s%N)
run_clean QUEUED_HOME="$work/host-data" \
  timeout 300 xvfb-run -a -s "-screen 0 1280x800x24" "$HOST_BIN" \
  --room "Smoke test" --port 0 --bind 127.0.0.1 --quit-after-guest >"$work/host.log" 2>&1 </dev/null &
host_pid=$!

deadline=$(( $(date +%s) + START_LIMIT ))
until grep -q '^ROOM CODE ' "$work/host.log"; do
  kill -0 "$host_pid" 2>/dev/null || fail "the host app exited before its room was open"
  (( $(date +%s) < deadline )) || fail "the host app did not open its room within $START_LIMIT s"
  sleep 0.2
done
open_line=$(grep -m1 '^ROOM OPEN [0-9]* ms$' "$work/host.log") || fail "no 'ROOM OPEN <ms> ms' line"
read -r _ _ code _ port < <(grep -m1 '^ROOM CODE ' "$work/host.log")
say "host: $open_line (app's own count from its launch), room code $code on port $port"

# the launcher runs the JVM in its own process, from the runtime inside the app-image
launcher=$(launchers | head -n 1)
[[ -n "$launcher" ]] || fail "cannot find the host launcher's process"
grep -q "$HOST_IMAGE/lib/runtime/lib/server/libjvm.so" "/proc/$launcher/maps" \
  || fail "the host does not run on the app-image's own runtime"
say "host runs on its bundled runtime ($HOST_IMAGE/lib/runtime)"

# ---- 2. the guest joins by address and code, and quits once the room's state arrived
mkdir -m 700 "$work/guest-data"
t1=$(date +%s%N)
set +e
run_clean QUEUED_HOME="$work/guest-data" QUEUED_DISCOVERY=off \
  timeout 120 xvfb-run -a -s "-screen 0 1280x800x24" "$GUEST_BIN" \
  --join "127.0.0.1:$port" --code "$code" --nickname "Smoke guest" --quit-when-joined >"$work/guest.log" 2>&1 </dev/null
guest_rc=$?
set -e
guest_ms=$(( ($(date +%s%N) - t1) / 1000000 ))
[[ $guest_rc -eq 0 ]] || fail "the guest app exited with $guest_rc"
joined=$(grep -m1 '^JOINED ' "$work/guest.log") || fail "the guest printed no JOINED line"
say "guest: $joined (launch to joined: $guest_ms ms, exit 0)"

# ---- 3. the host saw the guest and quit by itself with 0, stopping its PostgreSQL and Redis
set +e
wait "$host_pid"
host_rc=$?
set -e
total_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
[[ $host_rc -eq 0 ]] || fail "the host app exited with $host_rc"
grep -q '^GUEST JOINED Smoke guest$' "$work/host.log" || fail "the host did not see the guest join"
# the app logs to logs/host.log in its app-data folder (the console gets warnings only)
redis_port=$(sed -n 's/.*Redis ready on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/host-data/logs/host.log" | head -n 1)
[[ -n "$redis_port" ]] || fail "the host's log file (logs/host.log in its app-data folder) does not say where its Redis ran"
if pgrep -f -- "-D $work/host-data/postgres" >/dev/null; then fail "the host's PostgreSQL is still running"; fi
if pgrep -f -- "redis-server.* 127\.0\.0\.1:$redis_port\b" >/dev/null; then fail "the host's Redis is still running"; fi
say "host: saw 'Smoke guest' join, stopped PostgreSQL and Redis, exit 0 (whole run $total_ms ms)"
echo "2 passed, 0 failed"
