import { expect } from "chai";
import {
  controlName,
  jobName,
  LOADGEN_RESOURCES,
  LOADGEN_SELECTOR,
  loadObjects,
  newRunId,
  type LoadJobSpec,
} from "../../automation/load/cluster-job";
import { parseControl } from "../../automation/load/pod-protocol";

const spec: LoadJobSpec = {
  runId: "lz1abc2d9x0q",
  namespace: "feastflow",
  service: { name: "feastflow-backend", port: 5000, clusterIP: "10.215.12.34" },
  url: "http://feastflow-backend.feastflow.svc:5000/api/menu/search?q=chicken",
  pods: 3,
  connections: 10,
  image: "feastflow-loadgen:0.2.0",
  maxSeconds: 400,
  readySeconds: 180,
  control: { rate: 10, stop: false, heartbeat: 0 },
};

describe("load Job manifests", () => {
  const objects = loadObjects(spec);
  const job = objects.job;
  const pod = job.spec!.template.spec!;
  const container = pod.containers[0];
  const env = Object.fromEntries((container.env ?? []).map((e) => [e.name, e.value ?? e.valueFrom]));

  it("runs N pods of one Indexed Job together, suspended until its account exists, and never replaces one", () => {
    expect(job.spec).to.deep.include({
      completionMode: "Indexed",
      completions: 3,
      parallelism: 3,
      suspend: true,
      backoffLimit: 0,
    });
    expect(pod.restartPolicy).to.equal("Never");
  });

  it("ends the Job by itself after the ready time, the planned load and a margin, and clears it away later", () => {
    // 180 s to get ready + 400 s of load + 120 s margin
    expect(job.spec?.activeDeadlineSeconds).to.equal(700);
    expect(job.spec?.ttlSecondsAfterFinished).to.equal(600);
  });

  it("complies with Pod Security restricted", () => {
    expect(pod.securityContext).to.deep.equal({
      runAsNonRoot: true,
      runAsUser: 1000,
      runAsGroup: 1000,
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(container.securityContext).to.deep.equal({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
    });
    expect(pod.hostNetwork ?? false).to.equal(false);
  });

  it("requests and limits CPU and memory, so the scheduler accounts for the load pods", () => {
    expect(container.resources).to.deep.equal({
      requests: { cpu: "100m", memory: "64Mi" },
      limits: { cpu: "500m", memory: "256Mi" },
    });
    expect(LOADGEN_RESOURCES.limits.cpu).to.equal("500m");
    expect(env.CPU_LIMIT_MILLICORES).to.deep.equal({
      resourceFieldRef: { containerName: "loadgen", resource: "limits.cpu", divisor: "1m" },
    });
  });

  it("prefers spreading the run's pods over nodes without refusing to schedule them", () => {
    expect(pod.topologySpreadConstraints).to.deep.equal([
      {
        maxSkew: 1,
        topologyKey: "kubernetes.io/hostname",
        whenUnsatisfiable: "ScheduleAnyway",
        labelSelector: { matchLabels: { "feastflow.dev/run": "lz1abc2d9x0q" } },
      },
    ]);
  });

  it("names the Service by its cluster name and pins that name to the Service's IP", () => {
    expect(env.TARGET_URL).to.equal(spec.url);
    expect(pod.hostAliases).to.deep.equal([{ ip: "10.215.12.34", hostnames: ["feastflow-backend.feastflow.svc"] }]);
    expect(env).to.deep.include({
      SERVICE_NAME: "feastflow-backend",
      LOAD_PODS: "3",
      CONNECTIONS: "10",
      MAX_SECONDS: "400",
    });
    expect(env.POD_NAMESPACE).to.deep.equal({ fieldRef: { fieldPath: "metadata.namespace" } });
    expect(container.image).to.equal("feastflow-loadgen:0.2.0");
    expect(container.imagePullPolicy).to.equal("IfNotPresent");
  });

  it("labels every object with the run, so a killed run's objects are found by label", () => {
    const all = [objects.job, objects.serviceAccount, objects.role, objects.roleBinding, objects.configMap];
    for (const o of all) {
      expect(o.metadata?.labels).to.deep.include({
        "app.kubernetes.io/name": "feastflow-loadgen",
        "app.kubernetes.io/part-of": "feastflow",
        "feastflow.dev/run": "lz1abc2d9x0q",
      });
      expect(o.metadata?.namespace).to.equal("feastflow");
    }
    expect(job.spec?.template.metadata?.labels).to.deep.equal(job.metadata?.labels);
    expect(LOADGEN_SELECTOR).to.equal("app.kubernetes.io/name=feastflow-loadgen");
  });

  it("lets the pods get their own control ConfigMap and nothing else", () => {
    expect(objects.role.rules).to.deep.equal([
      { apiGroups: [""], resources: ["configmaps"], resourceNames: [controlName(spec.runId)], verbs: ["get"] },
    ]);
    expect(objects.roleBinding.subjects).to.deep.equal([
      { kind: "ServiceAccount", name: jobName(spec.runId), namespace: "feastflow" },
    ]);
    expect(pod.serviceAccountName).to.equal(jobName(spec.runId));
    expect(env.CONTROL_CONFIGMAP).to.equal("feastflow-loadgen-lz1abc2d9x0q-control");
    expect(parseControl(objects.configMap.data)).to.deep.include({ rate: 10, stop: false });
  });

  it("makes run ids that fit a label value and a DNS name, different each time", () => {
    const id = newRunId(1_700_000_000_000, () => 0.5);
    expect(id).to.match(/^[0-9a-z]{12}$/);
    expect(newRunId(1_700_000_000_000, () => 0.25)).to.not.equal(id);
    // Indexed Job pods are named <job>-<index>-<5 random>: 63 characters at most.
    expect(`${jobName(id)}-49-abcde`.length).to.be.at.most(63);
  });
});
