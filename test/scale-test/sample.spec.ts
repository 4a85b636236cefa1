import { expect } from "chai";
import { newEvents, pendingReasons, podPhases, toSample } from "../../automation/scale-test/sample";

const hpa = {
  status: {
    currentReplicas: 3,
    desiredReplicas: 5,
    currentMetrics: [
      { type: "Resource", resource: { name: "memory", current: { averageUtilization: 31 } } },
      { type: "Resource", resource: { name: "cpu", current: { averageUtilization: 142 } } },
    ],
  },
};
const pods = [
  { metadata: { name: "a" }, status: { phase: "Running" } },
  { metadata: { name: "b" }, status: { phase: "Running" } },
  { metadata: { name: "c", deletionTimestamp: "2026-01-01T00:00:00Z" }, status: { phase: "Running" } },
  {
    metadata: { name: "d" },
    status: {
      phase: "Pending",
      conditions: [
        {
          type: "PodScheduled",
          status: "False",
          reason: "Unschedulable",
          message: "0/1 nodes are available: 1 Insufficient cpu.",
        },
      ],
    },
  },
  {
    metadata: { name: "e" },
    status: { phase: "Pending", containerStatuses: [{ state: { waiting: { reason: "ErrImageNeverPull" } } }] },
  },
];

describe("samples from Kubernetes objects", () => {
  it("reads utilization, replicas, pod phases and load figures into one sample", () => {
    const sample = toSample({
      t: 12.34,
      hpa,
      deployment: { status: { replicas: 3, readyReplicas: 2 } },
      pods,
      events: ["SuccessfulRescale: New size: 5; reason: cpu resource utilization (percentage of request) above target"],
      load: { reqPerSec: 79.96, p99Ms: 41, failedTotal: 0, targetRate: 80 },
      podCpu: [
        { pod: "a", millicores: 180.4, timestampMs: 0, windowSeconds: 15 },
        { pod: "b", millicores: 101, timestampMs: 0, windowSeconds: 15 },
      ],
      failedTotal: 0,
    });
    expect(sample).to.deep.equal({
      t: 12.3,
      cpuUtilization: 142,
      memoryUtilization: 31,
      desiredReplicas: 5,
      currentReplicas: 3,
      readyReplicas: 2,
      podPhases: { Running: 2, Terminating: 1, Pending: 2 },
      pendingReasons: ["0/1 nodes are available: 1 Insufficient cpu.", "ErrImageNeverPull"],
      events: ["SuccessfulRescale: New size: 5; reason: cpu resource utilization (percentage of request) above target"],
      reqPerSec: 80,
      p99Ms: 41,
      errors: 0,
      targetRate: 80,
      podCpuMillicores: 281,
    });
  });

  it("reports no metrics as null and keeps the failure count after load stops", () => {
    const sample = toSample({ t: 200, hpa: { status: { desiredReplicas: 2 } }, pods: [], events: [], failedTotal: 3 });
    expect(sample).to.deep.include({
      targetRate: null,
      podCpuMillicores: null,
      cpuUtilization: null,
      memoryUtilization: null,
      currentReplicas: null,
      readyReplicas: 0,
      reqPerSec: 0,
      p99Ms: null,
      errors: 3,
    });
  });

  it("counts deleted pods as Terminating", () => {
    expect(podPhases(pods)).to.deep.equal({ Running: 2, Terminating: 1, Pending: 2 });
  });

  it("ignores pods that are only creating their containers", () => {
    expect(
      pendingReasons([
        { status: { phase: "Pending", containerStatuses: [{ state: { waiting: { reason: "ContainerCreating" } } }] } },
      ]),
    ).to.deep.equal([]);
  });

  it("reports each event once, and again when its count grows", () => {
    const seen = new Set<string>();
    const event = { metadata: { uid: "u1" }, reason: "SuccessfulRescale", message: "New size: 4", count: 1 };
    expect(newEvents([event], seen)).to.deep.equal(["SuccessfulRescale: New size: 4"]);
    expect(newEvents([event], seen)).to.deep.equal([]);
    expect(newEvents([{ ...event, count: 2 }], seen)).to.deep.equal(["SuccessfulRescale: New size: 4"]);
  });
});
