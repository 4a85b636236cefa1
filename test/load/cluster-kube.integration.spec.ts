import { expect } from "chai";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type * as K8s from "@kubernetes/client-node";
import { loadObjects } from "../../automation/load/cluster-job";
import { kubeLoadCluster, podState, type KubeHandle } from "../../automation/load/cluster-kube";

/** A stand-in client: every API call is recorded as "<api>.<method> <argument>" and answered by `answer`. */
function fakeKube(answer: (call: string, arg: Record<string, unknown>) => unknown = () => ({ items: [] })) {
  const calls: string[] = [];
  const api = (name: string) =>
    new Proxy(
      {},
      {
        get: (_, method: string) => async (arg: Record<string, unknown>) => {
          const what = `${name}.${method}`;
          const detail =
            arg.labelSelector ?? arg.name ?? (arg.body as { metadata?: { name?: string } })?.metadata?.name;
          calls.push(`${what} ${detail}`);
          const reply = answer(what, arg);
          if (reply instanceof Error) throw reply;
          return reply;
        },
      },
    );
  const apis: Record<string, unknown> = { core: api("core"), batch: api("batch"), rbac: api("rbac") };
  const kube = {
    k8s: {
      CoreV1Api: "core",
      BatchV1Api: "batch",
      RbacAuthorizationV1Api: "rbac",
      setHeaderOptions: () => ({}),
      PatchStrategy: { MergePatch: "application/merge-patch+json" },
    },
    config: { makeApiClient: (which: string) => apis[which] },
  } as unknown as KubeHandle;
  return { kube, calls };
}

const objects = loadObjects({
  runId: "run1",
  namespace: "feastflow",
  service: { name: "feastflow-backend", port: 5000, clusterIP: "10.215.0.9" },
  url: "http://feastflow-backend.feastflow.svc:5000/",
  pods: 2,
  connections: 4,
  image: "feastflow-loadgen:0.2.0",
  maxSeconds: 100,
  readySeconds: 60,
  control: { rate: 4, stop: false, heartbeat: 0 },
});

describe("load cluster on Kubernetes", () => {
  it("creates the Job suspended, then the objects it owns, then lets it run", async () => {
    const bodies: Array<Record<string, unknown>> = [];
    const { kube, calls } = fakeKube((call, arg) => {
      bodies.push(arg.body as Record<string, unknown>);
      return call === "batch.createNamespacedJob" ? { metadata: { name: "feastflow-loadgen-run1", uid: "u-1" } } : {};
    });
    await kubeLoadCluster(kube, "feastflow").create(objects);
    expect(calls).to.deep.equal([
      "batch.createNamespacedJob feastflow-loadgen-run1",
      "core.createNamespacedServiceAccount feastflow-loadgen-run1",
      "rbac.createNamespacedRole feastflow-loadgen-run1",
      "rbac.createNamespacedRoleBinding feastflow-loadgen-run1",
      "core.createNamespacedConfigMap feastflow-loadgen-run1-control",
      "batch.patchNamespacedJob feastflow-loadgen-run1",
    ]);
    const owned = bodies[1] as { metadata: K8s.V1ObjectMeta };
    expect(owned.metadata.ownerReferences).to.deep.equal([
      { apiVersion: "batch/v1", kind: "Job", name: "feastflow-loadgen-run1", uid: "u-1" },
    ]);
    expect(bodies[5]).to.deep.equal({ spec: { suspend: false } });
  });

  it("deletes the Jobs before their pods and waits until both are gone", async () => {
    let podLists = 0;
    const { kube, calls } = fakeKube((call) => {
      if (call === "batch.listNamespacedJob") {
        return { items: podLists === 0 ? [{ metadata: { labels: { "feastflow.dev/run": "old1" } } }] : [] };
      }
      if (call === "core.listNamespacedPod") return { items: podLists++ < 2 ? [{ metadata: { name: "p" } }] : [] };
      return {};
    });
    const runs = await kubeLoadCluster(kube, "feastflow").remove("app.kubernetes.io/name=feastflow-loadgen");
    expect(runs).to.deep.equal(["old1"]);
    const jobs = calls.indexOf("batch.deleteCollectionNamespacedJob app.kubernetes.io/name=feastflow-loadgen");
    const pods = calls.indexOf("core.deleteCollectionNamespacedPod app.kubernetes.io/name=feastflow-loadgen");
    expect(jobs).to.be.at.least(0).and.below(pods);
    for (const kind of [
      "core.deleteCollectionNamespacedConfigMap",
      "core.deleteCollectionNamespacedServiceAccount",
      "rbac.deleteCollectionNamespacedRole",
      "rbac.deleteCollectionNamespacedRoleBinding",
    ]) {
      expect(calls).to.include(`${kind} app.kubernetes.io/name=feastflow-loadgen`);
    }
    expect(calls.filter((c) => c.startsWith("core.listNamespacedPod"))).to.have.length(3, "until no pod is left");
  });

  it("says what it could not do and which permissions load from the cluster needs", async () => {
    const forbidden = Object.assign(new Error("HTTP-Code: 403"), {
      code: 403,
      body: '{"kind":"Status","message":"jobs.batch is forbidden: User \\"dev\\" cannot create resource \\"jobs\\""}',
    });
    const { kube } = fakeKube(() => forbidden);
    let error: Error | undefined;
    await kubeLoadCluster(kube, "feastflow")
      .create(objects)
      .catch((err: Error) => (error = err));
    expect(error?.message).to.equal(
      'Could not create the load Job in namespace feastflow (jobs.batch is forbidden: User "dev" cannot create resource "jobs"); load from the cluster creates a Job, a ServiceAccount, a Role, a RoleBinding and a ConfigMap there (the admin ClusterRole bound in the namespace allows it).',
    );
  });

  it("finds the Service's cluster IP and refuses a headless Service or a port it does not serve", async () => {
    let spec: Record<string, unknown> = { clusterIP: "10.215.0.9", ports: [{ port: 5000 }] };
    const { kube } = fakeKube(() => ({ spec }));
    const cluster = kubeLoadCluster(kube, "feastflow");
    expect(await cluster.serviceIP("feastflow-backend", 5000)).to.equal("10.215.0.9");
    let error: Error | undefined;
    await cluster.serviceIP("feastflow-backend", 8080).catch((err: Error) => (error = err));
    expect(error?.message).to.equal(
      "The Service feastflow-backend in feastflow does not serve port 8080, the port the stack exports.",
    );
    spec = { clusterIP: "None", ports: [{ port: 5000 }] };
    await cluster.serviceIP("feastflow-backend", 5000).catch((err: Error) => (error = err));
    expect(error?.message).to.match(/has no cluster IP \(headless\)/);
  });

  it("reads a load pod's index, node and why it does not run", () => {
    const base = { metadata: { name: "p-1", labels: { "batch.kubernetes.io/job-completion-index": "1" } } };
    expect(
      podState({
        ...base,
        spec: { nodeName: "node-a", containers: [] },
        status: { phase: "Running", containerStatuses: [{ state: { running: {} } } as K8s.V1ContainerStatus] },
      }),
    ).to.deep.equal({
      name: "p-1",
      index: 1,
      node: "node-a",
      phase: "Running",
      started: true,
      problem: undefined,
      fatal: false,
    });
    const missing = podState({
      ...base,
      status: {
        phase: "Pending",
        containerStatuses: [
          {
            state: { waiting: { reason: "ErrImageNeverPull", message: "image is not present" } },
          } as K8s.V1ContainerStatus,
        ],
      },
    });
    expect(missing).to.deep.include({
      started: false,
      problem: "ErrImageNeverPull: image is not present",
      fatal: true,
    });
    const unscheduled = podState({
      ...base,
      status: {
        phase: "Pending",
        conditions: [
          { type: "PodScheduled", status: "False", message: "0/1 nodes are available: 1 Insufficient cpu." },
        ],
      },
    });
    expect(unscheduled).to.deep.include({
      problem: "not scheduled: 0/1 nodes are available: 1 Insufficient cpu.",
      fatal: false,
    });
  });

  it("follows a pod's log line by line and ends once, without crashing, when the stream is cut", async () => {
    let cut: () => void = () => undefined;
    const server = http.createServer((req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.write('{"a":1}\n{"a":2}\n');
      cut = () => req.socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const { kube } = fakeKube();
    const config = {
      ...(kube.config as object),
      getCurrentCluster: () => ({ server: `http://127.0.0.1:${port}` }),
      applyToHTTPSOptions: async () => undefined,
    };
    const lines: string[] = [];
    let ends = 0;
    const cluster = kubeLoadCluster({ ...kube, config } as unknown as KubeHandle, "feastflow");
    await cluster.follow(
      "p-0",
      (line) => lines.push(line),
      () => ends++,
    );
    for (let i = 0; i < 50 && lines.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    cut();
    await new Promise((r) => setTimeout(r, 100));
    server.close();
    expect(lines).to.deep.equal(['{"a":1}', '{"a":2}']);
    expect(ends).to.equal(1);
  });
});
