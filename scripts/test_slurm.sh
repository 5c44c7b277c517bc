#!/bin/bash
# A real Slurm test: a single-node cluster on localhost runs a sweep as a 3-task job array through
# scripts/slurm_submit.sh (array + dependent merge job); the merged table must be byte-identical to
# a single `lumbus sweep` run's (CSV and Parquet).
#
#   bash scripts/test_slurm.sh            # builds target/debug/lumbus unless LUMBUS is set
#
# Installs Debian's slurmctld, slurmd, slurm-client and munge when missing. It skips (exit 0,
# saying why) only when those cannot be installed; any later failure is a failure. Daemons are
# started in the foreground in the background and stopped by their PIDs. KEEP=1 keeps the work
# folder (config, logs, tables) for a look.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

skip() {
    echo "SKIP test_slurm: $*"
    echo "slurm: 0 passed, 0 failed, 1 skipped"
    exit 0
}
fail() {
    echo "FAIL test_slurm: $*" >&2
    for f in "${work:-/nonexistent}"/*.log "${work:-/nonexistent}"/array/*.log; do
        [ -f "$f" ] && { echo "--- $f" >&2; tail -n 30 "$f" >&2; }
    done
    echo "slurm: 0 passed, 1 failed"
    exit 1
}

# 1. Packages.
missing=0
for c in slurmctld slurmd sbatch squeue munged; do command -v "$c" >/dev/null 2>&1 || missing=1; done
if [ "$missing" = 1 ]; then
    [ "$(id -u)" = 0 ] || skip "slurm-wlm and munge are not installed and this is not root, so they cannot be"
    command -v apt-get >/dev/null 2>&1 || skip "slurm-wlm and munge are not installed and there is no apt-get"
    export DEBIAN_FRONTEND=noninteractive
    if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends \
        slurmctld slurmd slurm-client munge; } >/tmp/test_slurm_apt.log 2>&1; then
        tail -n 5 /tmp/test_slurm_apt.log
        skip "apt-get could not install slurmctld slurmd slurm-client munge (log: /tmp/test_slurm_apt.log)"
    fi
fi
[ "$(id -u)" = 0 ] || skip "slurmd and munged must be started as root, and this is not root"

# 2. The binary.
if [ -z "${LUMBUS:-}" ]; then
    cargo build -q -p lumbus-cli
    LUMBUS=$repo/target/debug/lumbus
fi
export LUMBUS

work=$(mktemp -d /tmp/lumbus-slurm.XXXXXX)
pids=()
cleanup() {
    # Stop the daemons by their PIDs, newest first (slurmd, slurmctld, munged).
    for ((k = ${#pids[@]} - 1; k >= 0; k--)); do kill "${pids[k]}" 2>/dev/null || true; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
    if [ -z "${KEEP:-}" ]; then rm -rf "$work"; else echo "kept $work"; fi
}
trap cleanup EXIT

wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND until it succeeds
    local limit=$1 what=$2
    shift 2
    for ((t = 0; t < limit * 5; t++)); do
        if "$@" >/dev/null 2>&1; then return 0; fi
        sleep 0.2
    done
    fail "$what: not after ${limit} s"
}

# 3. munge, as the munge user, in the foreground (so that $! is munged itself).
install -d -o munge -g munge -m 0755 /run/munge
if [ ! -s /etc/munge/munge.key ]; then
    mungekey --create --keyfile=/etc/munge/munge.key
    chown munge:munge /etc/munge/munge.key
    chmod 0400 /etc/munge/munge.key
fi
setpriv --reuid=munge --regid=munge --init-groups munged --foreground >"$work/munged.log" 2>&1 &
pids+=($!)
wait_for 20 "munged answering" bash -c 'munge -n | unmunge'

# 4. A one-node cluster on 127.0.0.1.
host=$(hostname -s)
node=$(slurmd -C | head -n 1)
[[ $node == NodeName=* ]] || fail "slurmd -C printed no node line: $node"
mkdir -p "$work/state" "$work/spool"
cat >"$work/slurm.conf" <<EOF
ClusterName=lumbus-test
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
AuthType=auth/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MailProg=/bin/true
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$work/slurm.conf
slurmctld -D -i >"$work/slurmctld.out" 2>&1 &
pids+=($!)
wait_for 30 "slurmctld UP" bash -c 'scontrol ping | grep -q UP'
slurmd -D >"$work/slurmd.out" 2>&1 &
pids+=($!)
wait_for 30 "node idle" bash -c 'sinfo -h -o %t | grep -qx idle'

# 5. The sweep: once as a single run, once as a 3-task array with a merge job.
cat >"$work/sweep.toml" <<'EOF'
name = "slurm-test"
[base.gait]
frames_per_cycle = 20
[[axis]]
param = "gait.stride_m"
range = [1.0, 1.5]
steps = 6
[[axis]]
param = "strength.gluteus_medius"
values = [1.0, 0.7, 0.4]
EOF
"$LUMBUS" sweep "$work/sweep.toml" --out "$work/single" --progress none --no-plot >"$work/single.log" 2>&1 ||
    fail "the single run failed: $(tail -n 3 "$work/single.log")"

(cd "$work" && "$repo/scripts/slurm_submit.sh" "$work/sweep.toml" "$work/array" 3) ||
    fail "slurm_submit.sh failed"
read -r array merge <"$work/array/slurm-jobs"
echo "submitted array job $array and merge job $merge"
for ((t = 0; t < 1500; t++)); do
    [ -z "$(squeue -h -j "$array,$merge" 2>/dev/null)" ] && break
    sleep 0.2
done
[ -z "$(squeue -h -j "$array,$merge" 2>/dev/null)" ] || fail "jobs $array, $merge still queued after 300 s"

# 6. The merged table equals the single run's.
for i in 0 1 2; do
    grep -q '"complete": true' "$work/array/shard-$i/sweep.json" 2>/dev/null ||
        fail "shard $i/3 did not finish (see $work/array/slurm-${array}_$i.log)"
done
[ -f "$work/array/results.csv" ] || fail "the merge job wrote no table"
cmp "$work/single/results.csv" "$work/array/results.csv" || fail "merged CSV differs from the single run's"
cmp "$work/single/results.parquet" "$work/array/results.parquet" || fail "merged Parquet differs from the single run's"
rows=$(($(wc -l <"$work/single/results.csv") - 1))
echo "PASS test_slurm: a 3-task job array and its merge job reproduce the single run's table ($rows configurations)"
echo "slurm: 1 passed, 0 failed"
