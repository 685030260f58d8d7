#!/usr/bin/env bash
# Stand-in for Carbon's wso2server.sh: start|stop|restart|version, or foreground; -D options and JAVA_OPTS go to the server.
PRG="$0"
while [ -h "$PRG" ]; do
  link=$(readlink "$PRG")
  case $link in /*) PRG="$link" ;; *) PRG="$(dirname "$PRG")/$link" ;; esac
done
CARBON_HOME=$(cd "$(dirname "$PRG")/.." && pwd)
export CARBON_HOME
NODE_BIN=${NODE_BIN:-node}
PID_FILE="$CARBON_HOME/wso2carbon.pid"
MAIN="$CARBON_HOME/standin/server/main.js"

cmd=foreground
args=()
for a in "$@"; do
  case $a in
    start|--start|-start) cmd=start ;;
    stop|--stop|-stop) cmd=stop ;;
    restart|--restart|-restart) cmd=restart ;;
    version|--version|-version) cmd=version ;;
    *) args+=("$a") ;;
  esac
done

is_running() {
  [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null
}

do_start() {
  if is_running; then
    echo "Process is already running"
    return 0
  fi
  mkdir -p "$CARBON_HOME/repository/logs"
  nohup "$NODE_BIN" "$MAIN" "${args[@]}" > "$CARBON_HOME/nohup.out" 2>&1 < /dev/null &
  echo $! > "$PID_FILE"
}

do_stop() {
  if ! is_running; then
    echo "Process is not running"
    rm -f "$PID_FILE"
    return 0
  fi
  pid=$(cat "$PID_FILE")
  kill -TERM "$pid"
  for _ in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; fi
  rm -f "$PID_FILE"
}

case $cmd in
  version) cat "$CARBON_HOME/bin/version.txt" ;;
  start) do_start ;;
  stop) do_stop ;;
  restart) do_stop; do_start ;;
  foreground) exec "$NODE_BIN" "$MAIN" "${args[@]}" ;;
esac
