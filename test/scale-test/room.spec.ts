import { expect } from "chai";
import type * as K8s from "@kubernetes/client-node";
import { describeRoom, podRequest, roomFor, tolerates, typicalNodeSize } from "../../automation/scale-test/room";

const ready = [{ type: "Ready", status: "True" }];
const node = (
  name: string,
  cpu: string,
  memory: string,
  pods = "110",
  extra: Partial<K8s.V1Node> = {},
): K8s.V1Node => ({
  metadata: { name },
  status: { allocatable: { cpu, memory, pods }, conditions: ready },
  ...extra,
});
const pod = (
  nodeName: string | undefined,
  cpu: string,
  memory: string,
  opts: { target?: boolean; phase?: string; init?: [string, string] } = {},
): K8s.V1Pod => ({
  metadata: { name: "p", namespace: opts.target ? "feastflow" : "other", labels: opts.target ? { c: "backend" } : {} },
  spec: {
    nodeName,
    containers: [{ name: "c", resources: { requests: { cpu, memory } } }],
    initContainers: opts.init
      ? [{ name: "i", resources: { requests: { cpu: opts.init[0], memory: opts.init[1] } } }]
      : [],
  },
  status: { phase: opts.phase ?? "Running" },
});
const isTarget = (p: K8s.V1Pod) => p.metadata?.labels?.c === "backend";
const backend = { cpuMillicores: 200, memoryBytes: 256 * 2 ** 20 };

describe("room for the target's pods", () => {
  it("counts the target's scheduled pods plus what still fits by CPU on each node", () => {
    const room = roomFor(
      [node("a", "2", "8Gi"), node("b", "1500m", "8Gi")],
      [
        pod("a", "200m", "256Mi", { target: true }),
        pod("a", "950m", "100Mi"),
        pod("b", "200m", "256Mi", { target: true }),
      ],
      backend,
      isTarget,
    );
    // a: 2000 - 200 - 950 = 850m → 4; b: 1500 - 200 = 1300m → 6.
    expect(room.nodes.map((n) => [n.name, n.freeCpuMillicores, n.fits])).to.deep.equal([
      ["a", 850, 4],
      ["b", 1300, 6],
    ]);
    expect(room.scheduled).to.equal(2);
    expect(room.pods).to.equal(12);
  });

  it("is bounded by memory and by pod slots as well", () => {
    expect(roomFor([node("a", "64", "1Gi")], [], backend, isTarget).pods).to.equal(4);
    expect(roomFor([node("a", "64", "64Gi", "3")], [pod("a", "0", "0")], backend, isTarget).pods).to.equal(2);
  });

  it("leaves out cordoned, not-Ready and tainted nodes, and says why", () => {
    const room = roomFor(
      [
        node("cordoned", "8", "8Gi", "110", { spec: { unschedulable: true } }),
        {
          ...node("down", "8", "8Gi"),
          status: {
            allocatable: { cpu: "8", memory: "8Gi", pods: "110" },
            conditions: [{ type: "Ready", status: "False" }],
          },
        },
        node("tainted", "8", "8Gi", "110", { spec: { taints: [{ key: "dedicated", effect: "NoSchedule" }] } }),
        node("soft", "1", "8Gi", "110", { spec: { taints: [{ key: "prefer", effect: "PreferNoSchedule" }] } }),
      ],
      [],
      backend,
      isTarget,
    );
    expect(room.pods).to.equal(5);
    expect(room.skipped).to.deep.equal([
      "cordoned is cordoned",
      "down is not Ready",
      "tainted has the taint dedicated:NoSchedule",
    ]);
  });

  it("ignores finished and unscheduled pods, and takes an init container's request when it is larger", () => {
    const room = roomFor(
      [node("a", "1", "8Gi")],
      [
        pod("a", "900m", "1Gi", { phase: "Succeeded" }),
        pod(undefined, "900m", "1Gi", { target: true }),
        pod("a", "100m", "0", { init: ["400m", "0"] }),
      ],
      backend,
      isTarget,
    );
    expect(room.scheduled).to.equal(0);
    expect(room.nodes[0].freeCpuMillicores).to.equal(600);
    expect(room.pods).to.equal(3);
  });

  it("reserves room for the load pods to come on the node with the most free CPU", () => {
    const load = { cpuMillicores: 100, memoryBytes: 64 * 2 ** 20 };
    const room = roomFor([node("a", "1", "8Gi"), node("b", "2", "8Gi")], [], backend, isTarget, [load, load]);
    expect(room.nodes.map((n) => n.freeCpuMillicores)).to.deep.equal([1000, 1800]);
    expect(room.pods).to.equal(5 + 9);
  });

  it("reads a pod's request with overhead, and zero where none is set", () => {
    expect(
      podRequest({
        containers: [{ name: "c", resources: { requests: { cpu: "250m" } } }],
        overhead: { cpu: "10m", memory: "1Mi" },
      }),
    ).to.deep.equal({ cpuMillicores: 260, memoryBytes: 2 ** 20 });
    expect(podRequest(undefined)).to.deep.equal({ cpuMillicores: 0, memoryBytes: 0 });
  });

  it("says the room in one sentence, load pods and left-out nodes included", () => {
    const room = roomFor(
      [node("a", "1", "8Gi"), node("x", "1", "1Gi", "110", { spec: { unschedulable: true } })],
      [],
      backend,
      isTarget,
      [{ cpuMillicores: 100, memoryBytes: 0 }],
    );
    expect(describeRoom(room, "feastflow-backend", backend, 1)).to.equal(
      "Room: the cluster fits 4 feastflow-backend pods at 200m CPU and 256Mi each (0 running, 4 more after 1 load pod; a: 900m CPU, 8.0Gi, 109 pod slots free; left out: x is cordoned); pods past 4 stay Pending.",
    );
  });

  describe("on nodes a workload must choose (simulated nodes: tainted and labelled)", () => {
    const TAINT = { key: "kwok.x-k8s.io/node", value: "fake", effect: "NoSchedule" };
    const sim = (name: string) =>
      node(name, "4", "16Gi", "110", { metadata: { name, labels: { type: "kwok" } }, spec: { taints: [TAINT] } });
    const nodes = [node("real", "2", "8Gi"), sim("sim-1"), sim("sim-2"), sim("sim-3")];
    const onSim = {
      nodeSelector: { type: "kwok" },
      tolerations: [{ key: "kwok.x-k8s.io/node", operator: "Exists" as const, effect: "NoSchedule" as const }],
    };

    it("counts only the nodes whose taints the pods tolerate and whose labels they select", () => {
      const room = roomFor(nodes, [], backend, isTarget, [], onSim);
      expect(room.nodes.map((n) => n.name)).to.deep.equal(["sim-1", "sim-2", "sim-3"]);
      expect(room.pods).to.equal(3 * 20);
      expect(room.skipped).to.deep.equal(["real lacks the label type=kwok"]);
    });

    it("leaves the tainted nodes out for pods that tolerate nothing", () => {
      const room = roomFor(nodes, [], backend, isTarget);
      expect(room.nodes.map((n) => n.name)).to.deep.equal(["real"]);
      expect(room.skipped).to.have.length(3);
    });

    it("puts the load pods, which tolerate nothing, on an untainted node only", () => {
      const load = { cpuMillicores: 1000, memoryBytes: 0 };
      const tolerant = { nodeSelector: {}, tolerations: onSim.tolerations };
      const room = roomFor(nodes, [], backend, isTarget, [load], tolerant);
      expect(room.nodes.map((n) => [n.name, n.freeCpuMillicores])).to.deep.equal([
        ["real", 1000],
        ["sim-1", 4000],
        ["sim-2", 4000],
        ["sim-3", 4000],
      ]);
    });

    it("reads fifty like nodes as one group, and counts the left-out nodes past three", () => {
      const many = Array.from({ length: 50 }, (_, i) => sim(`sim-${i + 1}`));
      const room = roomFor([node("real", "2", "8Gi"), ...many], [], backend, isTarget, [], onSim);
      expect(describeRoom(room, "feastflow-backend", backend, 0)).to.equal(
        "Room: the cluster fits 1000 feastflow-backend pods at 200m CPU and 256Mi each (0 running, 1000 more; 50 nodes (sim-1 … sim-50): 4000m CPU, 16.0Gi, 110 pod slots free each; left out: real lacks the label type=kwok); pods past 1000 stay Pending.",
      );
      const none = roomFor(many, [], backend, isTarget);
      expect(describeRoom(none, "feastflow-backend", backend, 0)).to.match(
        /left out: sim-1 has the taint kwok.x-k8s.io\/node:NoSchedule, sim-2 .*, sim-3 .* and 47 more\)/,
      );
    });

    it("groups like nodes in name order wherever they fall, naming a scattered group by its first few", () => {
      // The API lists nodes by name as strings: sim-1, sim-10, sim-11, ...; two hold a target pod each.
      const many = Array.from({ length: 50 }, (_, i) => sim(`sim-${i + 1}`)).sort((a, b) =>
        (a.metadata?.name ?? "").localeCompare(b.metadata?.name ?? ""),
      );
      const busy = [pod("sim-6", "200m", "256Mi", { target: true }), pod("sim-36", "200m", "256Mi", { target: true })];
      const room = roomFor(many, busy, backend, isTarget, [], onSim);
      expect(describeRoom(room, "feastflow-backend", backend, 0)).to.equal(
        "Room: the cluster fits 1000 feastflow-backend pods at 200m CPU and 256Mi each (2 running, 998 more; 48 nodes (sim-1, sim-2, sim-3 and 45 more): 4000m CPU, 16.0Gi, 110 pod slots free each; 2 nodes (sim-6, sim-36): 3800m CPU, 15.8Gi, 109 pod slots free each); pods past 1000 stay Pending.",
      );
    });

    it("matches a toleration to a taint as Kubernetes does", () => {
      expect(tolerates({ operator: "Exists" }, TAINT)).to.equal(true);
      expect(tolerates({ key: TAINT.key, operator: "Exists" }, TAINT)).to.equal(true);
      expect(tolerates({ key: TAINT.key, value: "fake" }, TAINT)).to.equal(true);
      expect(tolerates({ key: TAINT.key, operator: "Equal", value: "real" }, TAINT)).to.equal(false);
      expect(tolerates({ key: "other", operator: "Exists" }, TAINT)).to.equal(false);
      expect(tolerates({ key: TAINT.key, operator: "Exists", effect: "NoExecute" }, TAINT)).to.equal(false);
      expect(tolerates({ key: TAINT.key, operator: "Exists", effect: "NoSchedule" }, TAINT)).to.equal(true);
    });
  });

  it("takes the node size most of the usable nodes share, the larger of a tie, as the node to add", () => {
    const nodes = [node("a", "2", "8Gi"), node("b", "4", "16Gi"), node("c", "4", "16Gi"), node("d", "8", "32Gi")];
    const four = { cpuMillicores: 4000, memoryBytes: 16 * 2 ** 30, pods: 110 };
    // Used pods do not shrink a node's size: one more node arrives empty.
    expect(typicalNodeSize(roomFor(nodes, [pod("b", "3", "1Gi")], backend, isTarget))).to.deep.equal(four);
    const tie = roomFor([node("a", "2", "8Gi"), node("d", "8", "32Gi")], [], backend, isTarget);
    expect(typicalNodeSize(tie)?.cpuMillicores).to.equal(8000);
    expect(typicalNodeSize(roomFor([], [], backend, isTarget))).to.equal(undefined);
  });
});
