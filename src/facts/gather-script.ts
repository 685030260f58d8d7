// The one shell script that reads a host's common facts in a single round trip, as `key=value` lines and marked sections.

/** Runs under `sh` with the preferred Python interpreter as $1; every probe tolerates a missing tool. Sections: `@@env` (env -0, base64) and `@@ip` / `@@route` (ip's one-line output). */
export const GATHER_SCRIPT = `
[ -r /etc/os-release ] && . /etc/os-release
echo "os_id=$ID"; echo "os_like=$ID_LIKE"; echo "os_name=$NAME"; echo "os_version_id=$VERSION_ID"; echo "os_codename=$VERSION_CODENAME"; echo "os_pretty=$PRETTY_NAME"
[ -r /etc/debian_version ] && echo "debian_version=$(cat /etc/debian_version)"
[ -r /etc/redhat-release ] && echo "redhat_release=$(cat /etc/redhat-release)"
n=$(uname -n); echo "nodename=$n"
# The fqdn as Python's socket.getfqdn(): the names of the host's address, the first with a dot, else the primary one.
a=$(getent ahosts "$n" 2>/dev/null | awk 'NR==1{print $1}'); names=$( [ -n "$a" ] && getent hosts "$a" 2>/dev/null | head -1 | cut -d' ' -f2- | tr -s ' ' )
f=""; for x in $names; do case $x in *.*) f=$x; break;; esac; done; [ -n "$f" ] || f=$(echo "$names" | awk '{print $1}'); echo "fqdn=\${f:-$n}"
echo "kernel=$(uname -r)"; echo "kernel_version=$(uname -v)"; echo "machine=$(uname -m)"; echo "system=$(uname -s)"
echo "nproc=$(getconf _NPROCESSORS_ONLN 2>/dev/null || nproc 2>/dev/null)"
echo "sockets=$(grep '^physical id' /proc/cpuinfo 2>/dev/null | sort -u | wc -l)"
echo "cores=$(grep -m1 '^cpu cores' /proc/cpuinfo 2>/dev/null | cut -d: -f2)"
echo "cpu_model=$(grep -m1 '^model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2-)"
grep -E '^(MemTotal|MemFree|SwapTotal|SwapFree):' /proc/meminfo 2>/dev/null | sed 's/: */=/; s/ kB//'
echo "user_id=$(id -un)"; echo "user_uid=$(id -u)"; echo "user_gid=$(id -g)"
echo "user_dir=$(getent passwd "$(id -un)" | cut -d: -f6)"; echo "user_shell=$(getent passwd "$(id -un)" | cut -d: -f7)"
for m in dnf yum apt-get zypper apk pacman; do if command -v $m >/dev/null 2>&1; then echo "pkg_mgr=$m"; break; fi; done
if [ -d /run/systemd/system ]; then echo "service_mgr=systemd"; else echo "service_mgr=$(cat /proc/1/comm 2>/dev/null)"; fi
# The interpreter Ansible would run: ansible_python_interpreter ($1), else the system's before any on PATH.
for p in "$1" /usr/bin/python3 python3 /usr/bin/python python; do if [ -n "$p" ] && command -v "$p" >/dev/null 2>&1; then echo "python=$(command -v "$p")"; echo "python_info=$("$p" -c 'import sys; v = sys.version_info; print("%d.%d.%d %s %d" % (v[0], v[1], v[2], v[3], v[4]))' 2>/dev/null)"; break; fi; done
echo "epoch=$(date +%s)"; echo "tz=$(date +%Z)"; echo "tz_offset=$(date +%z)"
echo "@@env"; env -0 2>/dev/null | base64 | tr -d '\\n'; echo
echo "@@ip"; ip -4 -o addr show 2>/dev/null
echo "@@route"; ip -4 route show default 2>/dev/null
echo "@@end"
`;
