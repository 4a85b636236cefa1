import { expect } from "chai";
import { capacity, cpuText, memoryText, podsPerNode } from "../../automation/shared/capacity";

const POD = { cpuMillicores: 200, memoryBytes: 256 * 2 ** 20 };
const NODE = { cpuMillicores: 4000, memoryBytes: 16 * 2 ** 30, pods: 110 };

describe("capacity before the event", () => {
  it("fits pods on a node by CPU, memory and pod slots, whichever runs out first", () => {
    expect(podsPerNode(NODE, POD)).to.equal(20);
    expect(podsPerNode({ ...NODE, memoryBytes: 2 ** 30 }, POD)).to.equal(4);
    expect(podsPerNode({ ...NODE, pods: 7 }, POD)).to.equal(7);
    expect(podsPerNode({ ...NODE, cpuMillicores: 100 }, POD)).to.equal(0);
    expect(podsPerNode(NODE, { cpuMillicores: 0, memoryBytes: 0 })).to.equal(110);
  });

  it("writes a node's CPU and memory as Kubernetes does", () => {
    expect([cpuText(4000), cpuText(2500), cpuText(1550), cpuText(500)]).to.deep.equal([
      "4 CPU",
      "2.5 CPU",
      "1550m CPU",
      "500m CPU",
    ]);
    expect([memoryText(16 * 2 ** 30), memoryText(1.5 * 2 ** 30), memoryText(512 * 2 ** 20)]).to.deep.equal([
      "16Gi",
      "1.5Gi",
      "512Mi",
    ]);
  });

  it("says how many more nodes of the size hold a peak past the room", () => {
    const a = capacity({
      what: "The flash-sale scenario",
      target: "backend",
      peakPods: 20,
      request: POD,
      room: { pods: 8, source: "measured" },
      nodeSize: NODE,
    });
    expect(a).to.deep.equal({
      peakPods: 20,
      roomPods: 8,
      podsPerNode: 20,
      moreNodes: 1,
      sentence:
        "The flash-sale scenario peaks at up to 20 backend pods × 200m = 4000m CPU (5Gi memory); the cluster has room for 8 (measured); 1 more node of 4 CPU, 16Gi (20 pods each) would hold it.",
    });
    // 12 short at 5 a node: 3 nodes, not 2.4.
    const small = { ...NODE, cpuMillicores: 1000 };
    expect(
      capacity({
        what: "It",
        target: "backend",
        peakPods: 20,
        request: POD,
        room: { pods: 8, source: "m" },
        nodeSize: small,
      }).moreNodes,
    ).to.equal(3);
  });

  it("says when the room holds the peak, and by how much", () => {
    const a = capacity({ what: "It", target: "backend", peakPods: 20, request: POD, room: { pods: 20, source: "m" } });
    expect(a.moreNodes).to.equal(0);
    expect(a.sentence).to.equal(
      "It peaks at up to 20 backend pods × 200m = 4000m CPU (5Gi memory); the cluster has room for 20 (m), so it holds the peak with room for 0 more.",
    );
  });

  it("says what is missing to answer: no node size, a node too small, no cluster at all", () => {
    const base = { what: "It", target: "backend", peakPods: 10, request: POD };
    expect(capacity({ ...base, room: { pods: 8, source: "m" } }).sentence).to.match(
      /room for 8 \(m\), 2 short: pods past 8 stay Pending; pass --node-cpu and --node-memory/,
    );
    const tiny = { cpuMillicores: 100, memoryBytes: 2 ** 30, pods: 110 };
    const none = capacity({ ...base, room: { pods: 8, source: "m" }, nodeSize: tiny });
    expect(none.moreNodes).to.equal(null);
    expect(none.sentence).to.match(/a node of 100m CPU, 1Gi holds no pod at that request\.$/);
    expect(capacity(base).sentence).to.match(/; no cluster to check it against \(pass --cluster, or --nodes/);
    expect(capacity({ ...base, nodeSize: NODE }).sentence).to.match(
      /; 1 node of 4 CPU, 16Gi \(20 pods each\) would hold it\.$/,
    );
  });
});
