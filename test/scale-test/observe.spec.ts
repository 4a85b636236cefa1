import { expect } from "chai";
import type { Kube } from "../../automation/scale-test/kube";
import { observe } from "../../automation/scale-test/observe";

/** A stand-in for the client library: the HPA scales from 2 to 4 on the third read. */
function fakeKube(calls: string[]): Kube {
  let reads = 0;
  const scaled = () => reads >= 3;
  return {
    autoscaling: {
      readNamespacedHorizontalPodAutoscaler: async ({ name, namespace }: { name: string; namespace: string }) => {
        calls.push(`hpa ${namespace}/${name}`);
        reads++;
        return {
          status: {
            currentReplicas: scaled() ? 4 : 2,
            desiredReplicas: scaled() ? 4 : 2,
            currentMetrics: [{ type: "Resource", resource: { name: "cpu", current: { averageUtilization: 150 } } }],
          },
        };
      },
    },
    apps: { readNamespacedDeployment: async () => ({ status: { replicas: scaled() ? 4 : 2, readyReplicas: 2 } }) },
    core: {
      listNamespacedPod: async ({ labelSelector }: { labelSelector: string }) => {
        calls.push(`pods ${labelSelector}`);
        return { items: [{ status: { phase: "Running" } }, { status: { phase: "Running" } }] };
      },
      listNamespacedEvent: async ({ fieldSelector }: { fieldSelector: string }) => {
        calls.push(`events ${fieldSelector}`);
        const old = { metadata: { uid: "old" }, reason: "SuccessfulRescale", message: "New size: 3", count: 1 };
        const fresh = { metadata: { uid: "new" }, reason: "SuccessfulRescale", message: "New size: 4", count: 1 };
        return { items: scaled() ? [old, fresh] : [old] };
      },
    },
  } as unknown as Kube;
}

describe("observer", () => {
  it("samples the HPA, Deployment, pods and events on its interval and folds in the load window", async () => {
    const calls: string[] = [];
    const observer = observe(fakeKube(calls), {
      namespace: "feastflow",
      deploymentName: "backend",
      hpaName: "backend",
      selector: "app=backend",
      intervalMs: 20,
      loadStartedAt: Date.now(),
      loadWindow: () => ({ reqPerSec: 80, p99Ms: 30, failedTotal: 0, targetRate: 80 }),
    });
    await new Promise((resolve) => setTimeout(resolve, 110));
    await observer.stop();
    const { series } = observer;
    expect(series.length).to.be.within(3, 7);
    expect(series[0]).to.deep.include({
      cpuUtilization: 150,
      desiredReplicas: 2,
      readyReplicas: 2,
      reqPerSec: 80,
      p99Ms: 30,
      events: [],
    });
    expect(series[series.length - 1]).to.deep.include({ desiredReplicas: 4, currentReplicas: 4 });
    // The event from before the run is only marked seen; the new one shows once.
    expect(series.flatMap((s) => s.events)).to.deep.equal(["SuccessfulRescale: New size: 4"]);
    expect(calls).to.include("pods app=backend");
    expect(calls).to.include("events involvedObject.kind=HorizontalPodAutoscaler,involvedObject.name=backend");
  });

  it("skips a sample whose reads failed and reports the error", async () => {
    const errors: string[] = [];
    const kube = fakeKube([]);
    (kube.apps as unknown as { readNamespacedDeployment: () => Promise<never> }).readNamespacedDeployment =
      async () => {
        throw new Error("HTTP-Code: 500");
      };
    const observer = observe(kube, {
      namespace: "feastflow",
      deploymentName: "backend",
      selector: "app=backend",
      intervalMs: 1000,
      loadStartedAt: Date.now(),
      loadWindow: () => undefined,
      onError: (err) => errors.push(err.message),
    });
    await observer.stop();
    expect(observer.series).to.deep.equal([]);
    expect(errors).to.deep.equal(["HTTP-Code: 500"]);
  });
});
