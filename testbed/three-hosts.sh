#!/usr/bin/env bash
# Three "hosts" on one machine: network namespaces PREFIX-a, PREFIX-b, PREFIX-c, each with one
# address on a bridge (10.77.0.1, .2, .3 by default), the machine itself at .254 on the same
# bridge, so that processes started with "run" talk to each other over a real network, and a
# host can be cut off ("cut") and joined again ("heal"). Needs root (ip netns).
#
#   three-hosts.sh up PREFIX [SUBNET]     make the bridge, namespaces and links
#   three-hosts.sh run PREFIX HOST CMD... run CMD on host a, b or c
#   three-hosts.sh cut PREFIX HOST        take the host's link down (a partition)
#   three-hosts.sh heal PREFIX HOST       bring it up again
#   three-hosts.sh down PREFIX            remove everything "up" made (and whatever runs in it)
set -euo pipefail

command=${1:?usage: three-hosts.sh up|run|cut|heal|down PREFIX ...}
prefix=${2:?a prefix that names the bridge and the namespaces}
bridge="${prefix}-br"

case "$command" in
  up)
    subnet=${3:-10.77.0}
    ip link add "$bridge" type bridge
    ip addr add "$subnet.254/24" dev "$bridge"
    ip link set "$bridge" up
    number=1
    for host in a b c; do
      ns="$prefix-$host"
      ip netns add "$ns"
      ip link add "$prefix-$host-h" type veth peer name "$prefix-$host-n"
      ip link set "$prefix-$host-h" master "$bridge" up
      ip link set "$prefix-$host-n" netns "$ns"
      ip netns exec "$ns" ip link set lo up
      ip netns exec "$ns" ip addr add "$subnet.$number/24" dev "$prefix-$host-n"
      ip netns exec "$ns" ip link set "$prefix-$host-n" up
      number=$((number + 1))
    done
    ;;
  run)
    host=${3:?which host: a, b or c}
    shift 3
    exec ip netns exec "$prefix-$host" "$@"
    ;;
  cut)
    ip link set "$prefix-${3:?which host}-h" down
    ;;
  heal)
    ip link set "$prefix-${3:?which host}-h" up
    ;;
  down)
    for host in a b c; do
      ns="$prefix-$host"
      if ip netns list | grep -qw "$ns"; then
        ip netns pids "$ns" | xargs -r kill -9
        ip netns del "$ns"
      fi
      ip link del "$prefix-$host-h" 2>/dev/null || true
    done
    ip link del "$bridge" 2>/dev/null || true
    ;;
  *)
    echo "three-hosts.sh: unknown command $command" >&2
    exit 2
    ;;
esac
