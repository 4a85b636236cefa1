import { expect } from "chai";
import {
  checkWorkload,
  gatherMetricsFacts,
  labelSelector,
  waitForMetrics,
} from "../../automation/scale-test/cluster-checks";
import { PreflightError } from "../../automation/shared/errors";
import type { Kube } from "../../automation/scale-test/kube";

const notFound = () => Promise.reject(Object.assign(new Error("HTTP-Code: 404"), { code: 404 }));
const running = { status: { phase: "Running" } };

describe("cluster checks", () => {
  it("builds a label selector from matchLabels", () => {
    expect(labelSelector({ app: "backend", tier: "api" })).to.equal("app=backend,tier=api");
    expect(labelSelector(undefined)).to.equal("");
  });

  it("reports metrics-server absent when the APIService is not registered", async () => {
    const kube = { apiRegistration: { readAPIService: notFound } } as unknown as Kube;
    expect(await gatherMetricsFacts(kube)).to.deep.equal({ pods: [] });
  });

  it("reads the APIService's availability and the metrics-server pods' readiness and args", async () => {
    const kube = {
      apiRegistration: {
        readAPIService: async () => ({
          spec: { service: { namespace: "kube-system", name: "metrics-server" } },
          status: { conditions: [{ type: "Available", status: "False", reason: "MissingEndpoints" }] },
        }),
      },
      core: {
        readNamespacedService: async () => ({ spec: { selector: { "k8s-app": "metrics-server" } } }),
        listNamespacedPod: async ({ labelSelector: selector }: { labelSelector: string }) => ({
          items:
            selector === "k8s-app=metrics-server"
              ? [
                  {
                    metadata: { name: "ms-1" },
                    status: { phase: "Running", conditions: [{ type: "Ready", status: "False" }] },
                    spec: { containers: [{ args: ["--secure-port=10250"] }] },
                  },
                ]
              : [],
        }),
      },
    } as unknown as Kube;
    expect(await gatherMetricsFacts(kube)).to.deep.equal({
      apiService: {
        available: false,
        reason: "MissingEndpoints",
        message: undefined,
        service: "kube-system/metrics-server",
      },
      pods: [{ name: "ms-1", phase: "Running", ready: false, args: ["--secure-port=10250"] }],
    });
  });

  it("refuses a target whose containers lack the request the HPA measures, and returns its selector and ready replicas otherwise", async () => {
    const deployment = (requests: Record<string, string>) => ({
      status: { readyReplicas: 2 },
      spec: {
        selector: { matchLabels: { app: "backend" } },
        template: { spec: { containers: [{ name: "backend", resources: { requests } }] } },
      },
    });
    const kube = (requests: Record<string, string>) =>
      ({ apps: { readNamespacedDeployment: async () => deployment(requests) } }) as unknown as Kube;
    const needs = { cpu: true, memory: false };
    expect(await checkWorkload(kube({ cpu: "200m" }), "backend", "feastflow", "backend", needs)).to.deep.equal({
      selector: "app=backend",
      readyReplicas: 2,
    });
    const error = await checkWorkload(kube({}), "backend", "feastflow", "backend", needs).catch((err: Error) => err);
    expect(error).to.be.instanceOf(PreflightError);
    expect((error as Error).message).to.match(/^The backend container "backend" has no cpu request/);
  });

  it("waits while the HPA has no CPU reading and stops once every running pod has metrics and it has", async () => {
    let hpaReads = 0;
    const kube = {
      core: { listNamespacedPod: async () => ({ items: [running, running] }) },
      custom: { listNamespacedCustomObject: async () => ({ items: [{}, {}] }) },
      autoscaling: {
        // The first read has no CPU yet; the second has.
        readNamespacedHorizontalPodAutoscaler: async () => ({
          status: {
            currentMetrics:
              hpaReads++ === 0 ? [] : [{ resource: { name: "cpu", current: { averageUtilization: 12 } } }],
          },
        }),
      },
    } as unknown as Kube;
    const waits: string[] = [];
    const started = Date.now();
    await waitForMetrics(kube, {
      namespace: "feastflow",
      selector: "app=backend",
      hpaName: "backend",
      timeoutMs: 10_000,
      pollMs: 10,
      onWait: (s) => waits.push(s),
    });
    expect(waits).to.deep.equal(["pod metrics served; HPA backend has no CPU utilization yet"]);
    expect(hpaReads).to.equal(2);
    expect(Date.now() - started).to.be.below(9000);
  });

  it("gives up after its timeout with the diagnosis", async function () {
    const kube = {
      core: { listNamespacedPod: async () => ({ items: [running] }) },
      custom: { listNamespacedCustomObject: async () => ({ items: [] }) },
      apiRegistration: { readAPIService: notFound },
    } as unknown as Kube;
    const waits: string[] = [];
    const error = await waitForMetrics(kube, {
      namespace: "feastflow",
      selector: "app=backend",
      timeoutMs: 30,
      pollMs: 5,
      onWait: (s) => waits.push(s),
    }).catch((err: Error) => err);
    // Polled at least once before the deadline; how often depends on the host's timers.
    expect(waits).to.have.length.above(0);
    expect(new Set(waits)).to.deep.equal(new Set(["pod metrics for 0 of 1 running pods"]));
    expect((error as Error).message).to.match(
      /^The metrics API \(v1beta1.metrics.k8s.io\) is not served because metrics-server is absent/,
    );
  });
});
