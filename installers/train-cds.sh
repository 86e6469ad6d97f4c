#!/usr/bin/env bash
# Class-data sharing for an app-image's own classes (issue 19, docs/installers.md): runs the app-image once as a
# user would (the host opens a room; the guest joins it, or fails to join when there is no host app-image) with
# -XX:ArchiveClassesAtExit, puts the archive beside the app's jars (lib/app/<package>.jsa) and adds
# -XX:SharedArchiveFile=$APPDIR/<package>.jsa to the launcher's options. The archive sits on top of the runtime's
# own one (jlink --generate-cds-archive) and holds every class the run loaded, parsed and verified.
#
# The run needs a display (JavaFX): DISPLAY, or Xvfb. Without one, or on an OS other than Linux, it says so and
# leaves the image as it is: the app then starts without the app archive, only slower. Never fails the build.
#
# The app-image's folder must have no space in its path (installers/pom.xml names it after the package on Linux):
# JDK 17 archives no class of a jar whose path has one (the class's source is a URL, %20, which it never matches to
# the jar's path), and the app then runs on the JDK's classes from the archive only.
#
# Usage: installers/train-cds.sh host|guest <app-image folder> <package name>   (called by installers/*/pom.xml)
set -uo pipefail
app=$1
image=$2
package=$3
say() { echo "train-cds ($app): $*"; }

[[ $(uname -s) == Linux ]] || { say "only on Linux for now: no app archive"; exit 0; }
case $app in
  host) bin="$image/bin/Queued Host"; cfg="$image/lib/app/Queued Host.cfg" ;;
  guest) bin="$image/bin/Queued Guest"; cfg="$image/lib/app/Queued Guest.cfg" ;;
  *) say "unknown app $app"; exit 0 ;;
esac
[[ -x "$bin" && -f "$cfg" ]] || { say "no app-image at $image: no app archive"; exit 0; }
[[ $image != *" "* ]] || { say "the app-image's path has a space, which JDK 17's archive cannot take: no app archive"; exit 0; }
archive="$image/lib/app/$package.jsa"
rm -f "$archive"
sed -i '/SharedArchiveFile/d' "$cfg"

work=$(mktemp -d)
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT

if [[ -z "${DISPLAY:-}" ]]; then
  command -v Xvfb >/dev/null || { say "no DISPLAY and no Xvfb: no app archive"; exit 0; }
  d=$(( 300 + RANDOM % 200 ))
  while [[ -e /tmp/.X11-unix/X$d ]]; do d=$((d + 1)); done
  Xvfb ":$d" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do [[ -e /tmp/.X11-unix/X$d ]] && break; sleep 0.05; done
  export DISPLAY=":$d"
fi

# a first start of a new user, in folders of its own (no space in the paths: JAVA_TOOL_OPTIONS splits on blanks)
mkdir -p "$work/user" "$work/app" "$work/host-user" "$work/host-app"
dump="$work/$package.jsa"
train_opts="-Duser.home=$work/user -XX:ArchiveClassesAtExit=$dump"
status=0
if [[ $app == host ]]; then
  QUEUED_HOME="$work/app" JAVA_TOOL_OPTIONS="$train_opts" timeout 300 "$bin" --room Training --port 0 \
    --bind 127.0.0.1 --quit-when-open >"$work/run.log" 2>&1 </dev/null || status=$?
else
  host_bin="$image/../../../../host/target/installer/queued-host/bin/Queued Host"
  address=127.0.0.1:9
  code=NOHOST
  if [[ -x "$host_bin" ]]; then
    QUEUED_HOME="$work/host-app" JAVA_TOOL_OPTIONS="-Duser.home=$work/host-user" \
      "$host_bin" --room Training --port 0 --bind 127.0.0.1 >"$work/host.log" 2>&1 </dev/null &
    pids+=($!)
    for _ in $(seq 1200); do grep -q '^ROOM CODE ' "$work/host.log" && break; sleep 0.1; done
    if read -r _ _ c _ p < <(grep -m1 '^ROOM CODE ' "$work/host.log"); then address=127.0.0.1:$p; code=$c; fi
  fi
  [[ $code == NOHOST ]] && say "no host app-image to join: trained on the start screen and a failed join"
  QUEUED_HOME="$work/app" QUEUED_DISCOVERY=off JAVA_TOOL_OPTIONS="$train_opts" timeout 300 "$bin" \
    --join "$address" --code "$code" --nickname Training --quit-when-joined >"$work/run.log" 2>&1 </dev/null \
    || status=$?
fi
if [[ ! -s "$dump" ]]; then
  say "the training run (exit $status) wrote no archive: no app archive"
  tail -n 20 "$work/run.log" | sed 's/^/  /'
  exit 0
fi
mv "$dump" "$archive"
# the launcher's options: the last section of the .cfg is [JavaOptions]
grep -q '^\[JavaOptions\]' "$cfg" || { say "no [JavaOptions] in $cfg: no app archive"; rm -f "$archive"; exit 0; }
echo "java-options=-XX:SharedArchiveFile=\$APPDIR/$package.jsa" >>"$cfg"
# An archive is valid only at the path it was trained at (JDK 17): where the image is installed elsewhere (the .deb,
# in /opt) the JVM would print "Unable to use shared archive" at every start and run on the runtime's own archive.
echo "java-options=-Xlog:cds=off,cds+dynamic=off" >>"$cfg"
say "archive $(du -m "$archive" | cut -f1) MB from a run that exited with $status: $archive"
