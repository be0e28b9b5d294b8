// SPDX-License-Identifier: Apache-2.0
/*
 * calico4j's tc program for traffic leaving a workload (attached at the ingress hook of the
 * host side of the workload's veth, e.g. cali1). It reads Calico's IPv4 routes map
 * (cali_v4_routes, the layout of felix/bpf-gpl/routes.h at v3.32.1) and, like Calico's
 * tc.c for CALI_F_FROM_WEP, decides NAT-outgoing:
 *
 *   SNAT iff the source's route has NAT_OUT, and the destination's route is not IN_POOL
 *   and not (HOST and (LOCAL or natOutgoingExclusions=IPPoolsAndHostIPs)).
 *
 * Like tc.c (CALI_F_TO_HOST), a destination whose route is BLACKHOLE_DROP (a service range
 * under ServiceLoopPrevention=Drop) is dropped.
 *
 * A packet that needs SNAT gets Calico's v3.32.1 NAT-outgoing mark 0x03800000 (in mask
 * 0x03f00000); one static iptables rule "-m mark --mark 0x3800000/0x3f00000 -j MASQUERADE"
 * does the rewrite on the way out. Everything else passes untouched. Written for calico4j.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define CALI_RT_IN_POOL 0x001
#define CALI_RT_NAT_OUT 0x002
#define CALI_RT_LOCAL 0x008
#define CALI_RT_HOST 0x010
#define CALI_RT_BLACKHOLE_DROP 0x100

#define CALI_GLOBALS_NATOUTGOING_EXCLUDE_HOSTS 0x1000

#define CALI_SKB_MARK_NAT_OUT 0x03800000
#define CALI_SKB_MARK_NAT_OUT_MASK 0x03f00000

struct cali_rt_key {
	__u32 prefixlen; /* host order */
	__u32 addr;      /* network order */
};

struct cali_rt_value {
	__u32 flags;
	__u32 next_hop_or_ifindex;
};

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__type(key, struct cali_rt_key);
	__type(value, struct cali_rt_value);
	__uint(max_entries, 262144);
	__uint(map_flags, BPF_F_NO_PREALLOC);
} cali_v4_routes SEC(".maps");

/* Entry 0: global flags (CALI_GLOBALS_NATOUTGOING_EXCLUDE_HOSTS). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 1);
} c4j_v4_globals SEC(".maps");

static __always_inline __u32 route_flags(__u32 addr)
{
	struct cali_rt_key k = { .prefixlen = 32, .addr = addr };
	struct cali_rt_value *v = bpf_map_lookup_elem(&cali_v4_routes, &k);
	return v ? v->flags : 0;
}

static __always_inline int should_nat_outgoing(__u32 dst, int exclude_hosts)
{
	if (dst & CALI_RT_IN_POOL)
		return 0;
	if ((dst & CALI_RT_HOST) && ((dst & CALI_RT_LOCAL) || exclude_hosts))
		return 0;
	return 1;
}

SEC("tc")
int calico4j_from_wep(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip;
	__u32 zero = 0, *globals, dst;
	int exclude_hosts;

	if ((void *)(eth + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return TC_ACT_OK;
	ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > data_end)
		return TC_ACT_OK;
	dst = route_flags(ip->daddr);
	if (dst & CALI_RT_BLACKHOLE_DROP)
		return TC_ACT_SHOT;
	if (!(route_flags(ip->saddr) & CALI_RT_NAT_OUT))
		return TC_ACT_OK;
	globals = bpf_map_lookup_elem(&c4j_v4_globals, &zero);
	exclude_hosts = globals && (*globals & CALI_GLOBALS_NATOUTGOING_EXCLUDE_HOSTS);
	if (should_nat_outgoing(dst, exclude_hosts))
		skb->mark = (skb->mark & ~CALI_SKB_MARK_NAT_OUT_MASK) | CALI_SKB_MARK_NAT_OUT;
	return TC_ACT_OK;
}

char _license[] SEC("license") = "Dual BSD/GPL";
