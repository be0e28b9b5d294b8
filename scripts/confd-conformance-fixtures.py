#!/usr/bin/env python3
"""Regenerates sdk-dataplane/src/test/resources/conformance/confd/ from Calico's confd golden tests.

Replays Calico v3.32.1's confd test suite (confd/tests/test_suite_common.sh with the etcd and
KDD preludes) as a tiny interpreter: every `calicoctl apply/create/delete`, every kubectl Secret
and every `test_confd_templates <scenario>` is followed, and at each check the datastore the
check ran against is written as one calico4j manifest (input.yaml), with the node confd rendered
for, CALICO_ROUTER_ID and the secrets (secrets.properties), next to the expected bird*.cfg.

Usage: scripts/confd-conformance-fixtures.py /work/.mirror/projectcalico+calico/repo
Test data copied from projectcalico/calico (Apache-2.0), tag v3.32.1.
"""
import copy, json, os, re, subprocess, sys
import yaml

TAG = "v3.32.1"
REPO = sys.argv[1]
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                   "sdk-dataplane/src/test/resources/conformance/confd")


def show(path):
    return subprocess.run(["git", "-C", REPO, "show", f"{TAG}:{path}"], check=True,
                          capture_output=True, text=True).stdout


def ls(path):
    r = subprocess.run(["git", "-C", REPO, "ls-tree", "--name-only", f"{TAG}:{path}"],
                       capture_output=True, text=True)
    return r.stdout.split() if r.returncode == 0 else []


def exists(path):
    return subprocess.run(["git", "-C", REPO, "cat-file", "-e", f"{TAG}:{path}"],
                          capture_output=True).returncode == 0


def docs(text):
    """(parsed, original text) per document: the text is kept as written (YAML 1.1 would turn `yes` into true)."""
    out = []
    for raw in re.split(r"(?m)^---\s*$", text):
        d = yaml.safe_load(raw)
        if d:
            out.append((d, raw.strip("\n") + "\n"))
    return out


KINDS = {"bgpconfig": "BGPConfiguration", "bgpconfiguration": "BGPConfiguration", "bgppeer": "BGPPeer",
         "bgpfilter": "BGPFilter", "ippool": "IPPool", "node": "Node", "secret": "Secret"}


class State:
    def __init__(self):
        self.res = {}       # (kind, name) -> doc
        self.secrets = {}   # name -> {key: value}
        self.sources = []   # upstream files/functions that built this state
        self.services = False
        self.env = {"NODENAME": "kube-master"}

    def apply(self, d, raw):
        kind = d.get("kind")
        name = d["metadata"]["name"]
        if kind == "Secret":
            data = {k: str(v) for k, v in (d.get("stringData") or {}).items()}
            self.secrets[name] = data
            return
        if d.get("apiVersion") == "v1" or kind in ("Service", "EndpointSlice", "Endpoints"):
            if kind in ("Service", "EndpointSlice", "Endpoints"):
                self.services = True
            return  # Kubernetes Nodes and Services: not calico4j resources
        self.res[(kind, name)] = (d, raw)

    def delete(self, kind, name):
        if kind == "Secret":
            self.secrets.pop(name, None)
        else:
            self.res.pop((kind, name), None)
            if kind == "Node":
                # Deleting a Node deletes the BGPPeers specific to it (test_idle_peers relies on it).
                for key, (d, _) in list(self.res.items()):
                    if key[0] == "BGPPeer" and (d.get("spec") or {}).get("node") == name:
                        del self.res[key]
            if kind in ("Service", "EndpointSlice"):
                self.services = False


BLOCKS = [("192.168.221.192/26", ""), ("192.168.221.0/26", "pending"), ("192.168.221.64/26", "confirmed"),
          ("10.0.0.0/30", ""), ("10.1.0.0/24", ""), ("10.2.0.1/32", "")]

snapshots = {}


def snapshot(st, scenario, origin):
    scenario = scenario.strip("/")
    if scenario in snapshots:
        return
    snapshots[scenario] = (copy.deepcopy(st.res), copy.deepcopy(st.secrets), dict(st.env), origin, st.services)


def calicoctl_file(st, path, delete=False):
    text = show(path)
    for d, raw in docs(text):
        if delete:
            st.delete(d["kind"], d["metadata"]["name"])
        else:
            st.apply(d, raw)


def individual(st, testdir, origin):
    base = f"confd/tests/mock_data/calicoctl/{testdir}"
    calicoctl_file(st, f"{base}/input.yaml")
    if exists(f"{base}/kubectl-input.yaml"):
        calicoctl_file(st, f"{base}/kubectl-input.yaml")
    snapshot(st, testdir, origin + [f"{base}/input.yaml"] + ([f"{base}/kubectl-input.yaml"] if exists(f"{base}/kubectl-input.yaml") else []))
    if exists(f"{base}/step2/input.yaml"):
        calicoctl_file(st, f"{base}/step2/input.yaml")
        snapshot(st, testdir + "/step2", origin + [f"{base}/input.yaml", f"{base}/step2/input.yaml"])
    if exists(f"{base}/kubectl-delete.yaml"):
        calicoctl_file(st, f"{base}/kubectl-delete.yaml", delete=True)
    if exists(f"{base}/step2/delete.yaml"):
        calicoctl_file(st, f"{base}/step2/delete.yaml", delete=True)
    calicoctl_file(st, f"{base}/delete.yaml", delete=True)


MESH_OFF = "kind: BGPConfiguration\napiVersion: projectcalico.org/v3\nmetadata:\n  name: default\nspec:\n  nodeToNodeMeshEnabled: false\n"
MESH_ON = MESH_OFF.replace("false", "true")


def functions(script):
    out, name, body = {}, None, []
    for line in script.splitlines():
        m = re.match(r"^([a-z_0-9]+)\(\) \{", line)
        if m:
            name, body = m.group(1), []
            continue
        if line == "}" and name:
            out[name] = body
            name = None
            continue
        if name:
            body.append(line)
    return out


def run(fn, st, funcs, datastore, subst=None):
    lines = funcs[fn]
    i = 0
    skip_depth = []
    while i < len(lines):
        line = lines[i]
        if subst:
            for k, v in subst.items():
                line = line.replace(k, v)
        s = line.strip()
        i += 1
        m = re.match(r'if \[ "\$DATASTORE_TYPE" = (\w+) \]; then', s)
        if m:
            skip_depth.append(m.group(1) != datastore)
            continue
        if s == "else" and skip_depth:
            skip_depth[-1] = not skip_depth[-1]
            continue
        if s == "fi" and skip_depth:
            skip_depth.pop()
            continue
        if any(skip_depth):
            continue
        m = re.match(r"for ii in `seq 1 \$SCALE`; do", s)
        if m:
            loop = []
            while lines[i].strip() != "done":
                loop.append(lines[i])
                i += 1
            i += 1
            for ii in range(1, 100):
                funcs["__loop"] = loop
                run("__loop", st, funcs, datastore, {"$ii": str(ii)})
            continue
        m = re.match(r"cat <<EOF > /etc/calico/confd/endpoint-status/(\S+)", s)
        if m:
            # Felix's endpoint status of a local workload: the workload, on the node confd runs for, labelled so that
            # the BGPPeer it names selects it.
            status = json.loads(lines[i].strip())
            i += 2
            raw = (f"apiVersion: projectcalico.org/v3\nkind: WorkloadEndpoint\nmetadata:\n"
                   f"  name: kube--master-k8s-{m.group(1)}-eth0\n  namespace: default\n  labels:\n    app: calico-bird-0\n"
                   f"spec:\n  orchestrator: k8s\n  node: kube-master\n  pod: {m.group(1)}\n  endpoint: eth0\n"
                   f"  interfaceName: {status['ifaceName']}\n  ipNetworks:\n"
                   + "".join(f"  - {n}\n" for n in status["ipv4Nets"] + status["ipv6Nets"])
                   + f"# Felix's endpoint-status file {m.group(1)} named BGPPeer {status['bgpPeerName']} as its active peer.\n")
            st.apply(*docs(raw)[0])
            continue
        m = re.search(r"NODENAME=(\S+) .*confd ", s)
        if m:
            st.env["NODENAME"] = m.group(1)
            continue
        if re.search(r"BGP_LOGSEVERITYSCREEN=\"debug\" confd ", s):
            st.env["NODENAME"] = "kube-master"
            continue
        m = re.match(r"export CALICO_ROUTER_ID=(\S+)", s)
        if m:
            st.env["CALICO_ROUTER_ID"] = m.group(1)
            continue
        if s.startswith("unset CALICO_ROUTER_ID"):
            st.env.pop("CALICO_ROUTER_ID", None)
            continue
        if re.match(r"(\$CALICOCTL|kubectl) (apply|create|replace) -f - <<EOF", s):
            text = []
            while lines[i] != "EOF":
                l = lines[i]
                if subst:
                    for k, v in subst.items():
                        l = l.replace(k, v)
                text.append(l)
                i += 1
            i += 1
            for d, raw in docs("\n".join(text)):
                st.apply(d, raw)
            continue
        m = re.match(r"(?:\$CALICOCTL|kubectl) delete (\w+) (\S+)", s)
        if m and m.group(1) != "-f":
            st.delete(KINDS.get(m.group(1), m.group(1)), m.group(2))
            continue
        m = re.match(r"test_confd_templates (\S+)", s)
        if m:
            snapshot(st, m.group(1), [f"confd/tests/test_suite_common.sh: {fn}()"])
            continue
        if s == "turn_mesh_off":
            st.apply(*docs(MESH_OFF)[0])
            continue
        if s == "turn_mesh_on":
            st.apply(*docs(MESH_ON)[0])
            continue
        m = re.match(r"run_individual_test(_oneshot)? '([^']+)'", s)
        if m:
            if m.group(1):
                # confd -onetime runs with the suite's exported NODENAME.
                st.env["NODENAME"] = "kube-master"
            individual(st, m.group(2), [f"confd/tests/test_suite_common.sh: {fn}()"])
            continue
        m = re.match(r"(run_extra_test )?(test_[a-z_0-9]+)$", s)
        if m and m.group(2) in funcs:
            run(m.group(2), st, funcs, datastore)
            continue
        m = re.match(r"(execute_tests_oneshot|execute_tests_daemon)$", s)
        if m:
            run(m.group(1), st, funcs, datastore)
            continue


def main():
    script = show("confd/tests/test_suite_common.sh")
    funcs = functions(script)
    for datastore in ("etcdv3", "kubernetes"):
        st = State()
        if datastore == "kubernetes":
            calicoctl_file(st, "confd/tests/mock_data/calicoctl/explicit_peering/specific_node/input.yaml")
            calicoctl_file(st, "confd/tests/mock_data/calicoctl/explicit_peering/specific_node/delete.yaml", delete=True)
        run("execute_test_suite", st, funcs, datastore)
    scenarios = sorted(set(l.rsplit("/", 1)[0] for l in subprocess.run(
        ["git", "-C", REPO, "ls-tree", "-r", "--name-only", f"{TAG}:confd/tests/compiled_templates"],
        capture_output=True, text=True, check=True).stdout.split()))
    missing = [s for s in scenarios if s not in snapshots]
    if missing:
        print("no datastore state found for", missing, file=sys.stderr)
    for s in scenarios:
        if s not in snapshots:
            continue
        res, secrets, env, origin, services = snapshots[s]
        d = os.path.join(OUT, s)
        os.makedirs(d, exist_ok=True)
        for f in ls(f"confd/tests/compiled_templates/{s}"):
            if f.endswith(".cfg"):
                with open(os.path.join(d, f), "w") as o:
                    o.write(show(f"confd/tests/compiled_templates/{s}/{f}"))
        header = [f"# Datastore of Calico's confd golden test '{s}' ({TAG}), as calico4j resources.",
                  f"# Expected output: confd/tests/compiled_templates/{s}/bird*.cfg at {TAG} (copied next to this file).",
                  "# Built by replaying (scripts/confd-conformance-fixtures.py):"]
        header += [f"#   {o}" for o in origin]
        header += ["# Plus the IPAM block affinities every scenario has: ../etcd-block (confd/tests/mock_data/etcd/block)."]
        if services:
            header += ["# Kubernetes Services/EndpointSlices of this test are left out: calico4j does not render",
                       "# per-service /32 routes (the goldens' /32s from Services are ignored in the comparison)."]
        header += [f"# node: {env['NODENAME']}"]
        if "CALICO_ROUTER_ID" in env:
            header += [f"# routerId: {env['CALICO_ROUTER_ID']}"]
        order = ["BGPConfiguration", "Node", "IPPool", "WorkloadEndpoint", "BGPPeer", "BGPFilter"]
        items = sorted(res.values(), key=lambda x: (order.index(x[0]["kind"]) if x[0]["kind"] in order else 99, x[0]["metadata"]["name"]))
        body = "---\n".join(raw for _, raw in items)
        with open(os.path.join(d, "input.yaml"), "w") as o:
            o.write("\n".join(header) + "\n" + body)
        if secrets:
            with open(os.path.join(d, "secrets.properties"), "w") as o:
                o.write(f"# Kubernetes Secrets of confd golden test '{s}' ({TAG}), as <secret>/<key>=<value>.\n")
                for n, kv in sorted(secrets.items()):
                    for k, v in sorted(kv.items()):
                        o.write(f"{n}/{k}={v}\n")
    with open(os.path.join(OUT, "etcd-block"), "w") as o:
        o.write(show("confd/tests/mock_data/etcd/block"))
    print(len(scenarios), "scenarios,", len(scenarios) - len(missing), "written")


main()
