import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { MockResource, ofType, one, ProgramRun, runProgram, setPath, stackConfig } from "./support/program";

const T = {
  namespace: "kubernetes:core/v1:Namespace",
  deployment: "kubernetes:apps/v1:Deployment",
  service: "kubernetes:core/v1:Service",
  hpa: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
  pdb: "kubernetes:policy/v1:PodDisruptionBudget",
  apiService: "kubernetes:apiregistration.k8s.io/v1:APIService",
};

const seedScaleUp = {
  stabilizationWindowSeconds: 0,
  selectPolicy: "Max",
  policies: [
    { type: "Percent", value: 100, periodSeconds: 30 },
    { type: "Pods", value: 4, periodSeconds: 30 },
  ],
};
const seedScaleDown = {
  stabilizationWindowSeconds: 300,
  selectPolicy: "Min",
  policies: [
    { type: "Percent", value: 50, periodSeconds: 60 },
    { type: "Pods", value: 2, periodSeconds: 60 },
  ],
};

function counts(run: ProgramRun): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of run.resources) out[r.type] = (out[r.type] ?? 0) + 1;
  return out;
}

function appContainers(run: ProgramRun): MockResource[] {
  return ofType(run, T.deployment).filter((d) => d.name !== "metrics-server");
}

describe("the FeastFlow stack (index.ts under mocks)", function () {
  describe("with the kind stack's config", function () {
    let run: ProgramRun;
    before(async function () {
      run = await runProgram(stackConfig("kind"), "kind");
    });

    it("declares the namespace, both workloads, their HPAs and metrics-server", function () {
      expect(counts(run)).to.deep.include({
        [T.namespace]: 1,
        [T.deployment]: 3,
        [T.service]: 3,
        [T.hpa]: 2,
        [T.pdb]: 2,
        [T.apiService]: 1,
        "kubernetes:core/v1:ServiceAccount": 1,
        "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole": 2,
        "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding": 2,
        "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding": 1,
        "feastflow:namespace:Namespace": 1,
        "feastflow:workload:Workload": 2,
        "feastflow:autoscaler:Autoscaler": 2,
        "feastflow:metrics-server:MetricsServer": 1,
      });
    });

    it("labels the namespace to enforce Pod Security restricted", function () {
      const labels = one(run, T.namespace, "feastflow").inputs.metadata.labels;
      expect(labels).to.include({ "pod-security.kubernetes.io/enforce": "restricted" });
    });

    it("lets the stack take back HPA fields patched by hand (pulumi.com/patchForce)", function () {
      for (const name of ["feastflow-backend-hpa", "feastflow-frontend-hpa"]) {
        expect(one(run, T.hpa, name).inputs.metadata.annotations).to.deep.equal({ "pulumi.com/patchForce": "true" });
      }
    });

    it("gives the backend HPA the seed's bounds, targets and behavior", function () {
      const spec = one(run, T.hpa, "feastflow-backend-hpa").inputs.spec;
      expect(spec.scaleTargetRef).to.deep.equal({
        apiVersion: "apps/v1",
        kind: "Deployment",
        name: "feastflow-backend",
      });
      expect(spec.minReplicas).to.equal(2);
      expect(spec.maxReplicas).to.equal(10);
      expect(spec.metrics).to.deep.equal([
        { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } },
        { type: "Resource", resource: { name: "memory", target: { type: "Utilization", averageUtilization: 80 } } },
      ]);
      expect(spec.behavior).to.deep.equal({ scaleUp: seedScaleUp, scaleDown: seedScaleDown });
    });

    it("gives the frontend HPA 2-8 replicas on CPU 60 % with no memory target", function () {
      const spec = one(run, T.hpa, "feastflow-frontend-hpa").inputs.spec;
      expect([spec.minReplicas, spec.maxReplicas]).to.deep.equal([2, 8]);
      expect(spec.metrics).to.deep.equal([
        { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 60 } } },
      ]);
    });

    it("leaves the workloads' placement to the scheduler: no nodeSelector or tolerations", function () {
      for (const d of appContainers(run)) {
        expect(d.inputs.spec.template.spec, d.name).not.to.have.property("nodeSelector");
        expect(d.inputs.spec.template.spec, d.name).not.to.have.property("tolerations");
      }
    });

    it("omits replicas from Deployments an HPA manages", function () {
      for (const d of appContainers(run)) expect(d.inputs.spec, d.name).not.to.have.property("replicas");
    });

    it("has pulumi up wait for an autoscaled Deployment's rollout, not for every replica the HPA asked for", function () {
      // The provider's own check wants every replica Ready: an up while the HPA's new pods start, or wait Pending for
      // room, would wait for them (up to 10 minutes, then fail).
      for (const d of appContainers(run)) {
        expect(d.inputs.metadata.annotations, d.name).to.deep.equal({
          "pulumi.com/waitFor": 'jsonpath={.status.conditions[?(@.type=="Progressing")].reason}=NewReplicaSetAvailable',
        });
      }
    });

    it("sets CPU and memory requests and limits on every container", function () {
      for (const d of ofType(run, T.deployment)) {
        for (const c of d.inputs.spec.template.spec.containers) {
          expect(c.resources.requests, `${d.name}/${c.name}`).to.have.keys("cpu", "memory");
        }
      }
      const backend = one(run, T.deployment, "feastflow-backend").inputs.spec.template.spec.containers[0];
      expect(backend.resources).to.deep.equal({
        requests: { cpu: "200m", memory: "256Mi" },
        limits: { cpu: "500m", memory: "512Mi" },
      });
    });

    it("runs every FeastFlow container restricted: non-root, no escalation, no capabilities, read-only root", function () {
      for (const d of appContainers(run)) {
        const pod = d.inputs.spec.template.spec;
        expect(pod.securityContext).to.include({ runAsNonRoot: true });
        expect(pod.securityContext.seccompProfile).to.deep.equal({ type: "RuntimeDefault" });
        for (const c of pod.containers) {
          expect(c.securityContext).to.deep.include({
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ["ALL"] },
          });
        }
      }
    });

    it("probes the health path and rolls out without taking pods away", function () {
      const spec = one(run, T.deployment, "feastflow-backend").inputs.spec;
      const c = spec.template.spec.containers[0];
      expect(c.readinessProbe.httpGet).to.deep.equal({ path: "/api/health", port: "http" });
      expect(c.livenessProbe.httpGet).to.deep.equal({ path: "/api/health", port: "http" });
      expect(c.lifecycle.preStop.sleep.seconds).to.be.greaterThan(0);
      expect(spec.strategy.rollingUpdate.maxUnavailable).to.equal(0);
    });

    it("exposes the backend on NodePort 30500 and selects its pods", function () {
      const spec = one(run, T.service, "feastflow-backend").inputs.spec;
      expect(spec.type).to.equal("NodePort");
      expect(spec.ports[0]).to.include({ port: 5000, nodePort: 30500 });
      const podLabels = one(run, T.deployment, "feastflow-backend").inputs.spec.template.metadata.labels;
      expect(podLabels).to.include(spec.selector);
    });

    it("names objects as the runbook does, so its kubectl commands work as written", function () {
      const names = (type: string) => ofType(run, type).map((r) => r.inputs.metadata.name);
      expect(names(T.deployment)).to.have.members(["feastflow-backend", "feastflow-frontend", "metrics-server"]);
      expect(names(T.service)).to.have.members(["feastflow-backend", "feastflow-frontend", "metrics-server"]);
      expect(names(T.hpa)).to.have.members(["feastflow-backend-hpa", "feastflow-frontend-hpa"]);
      expect(one(run, T.hpa, "feastflow-frontend-hpa").inputs.spec.scaleTargetRef.name).to.equal("feastflow-frontend");
    });

    it("labels pods with the runbook's component label and the recommended app.kubernetes.io labels", function () {
      for (const [workload, component] of [
        ["feastflow-backend", "backend"],
        ["feastflow-frontend", "frontend"],
      ]) {
        const spec = one(run, T.deployment, workload).inputs.spec;
        expect(spec.template.metadata.labels).to.deep.equal({
          component,
          "app.kubernetes.io/name": workload,
          "app.kubernetes.io/component": component,
          "app.kubernetes.io/part-of": "feastflow",
          "app.kubernetes.io/managed-by": "pulumi",
        });
        // `kubectl top pods -l component=backend` must find the pods the Deployment owns, and only those.
        expect(spec.selector.matchLabels).to.deep.equal({ "app.kubernetes.io/name": workload, component });
        expect(one(run, T.service, workload).inputs.spec.selector).to.deep.equal(spec.selector.matchLabels);
      }
    });

    it("runs metrics-server with --kubelet-insecure-tls, as KIND needs", function () {
      const args = one(run, T.deployment, "metrics-server").inputs.spec.template.spec.containers[0].args;
      expect(args).to.include.members(["--kubelet-insecure-tls", "--metric-resolution=15s", "--secure-port=10250"]);
      expect(one(run, T.apiService, "v1beta1.metrics.k8s.io").inputs.spec.service).to.deep.equal({
        name: "metrics-server",
        namespace: "kube-system",
      });
    });

    it("exports what a user and the scale test need", function () {
      expect(run.outputs.namespace).to.equal("feastflow");
      expect(run.outputs.backend).to.deep.equal({
        deploymentName: "feastflow-backend",
        serviceName: "feastflow-backend",
        hpaName: "feastflow-backend-hpa",
        serviceType: "NodePort",
        port: 5000,
        nodePort: 30500,
        minReplicas: 2,
        maxReplicas: 10,
      });
      expect(run.outputs.frontend).to.include({ hpaName: "feastflow-frontend-hpa", nodePort: 30080, maxReplicas: 8 });
    });
  });

  describe("with the dev stack's config", function () {
    let run: ProgramRun;
    before(async function () {
      run = await runProgram(stackConfig("dev"), "dev");
    });

    it("leaves metrics-server to the cluster", function () {
      expect(ofType(run, T.apiService)).to.have.length(0);
      expect(ofType(run, T.deployment).map((d) => d.name)).to.have.members(["feastflow-backend", "feastflow-frontend"]);
    });

    it("uses ClusterIP Services without node ports and registry images", function () {
      for (const s of ofType(run, T.service)) {
        expect(s.inputs.spec.type).to.equal("ClusterIP");
        expect(s.inputs.spec.ports[0]).not.to.have.property("nodePort");
      }
      const image = one(run, T.deployment, "feastflow-backend").inputs.spec.template.spec.containers[0].image;
      expect(image).to.match(/\//);
    });

    it("keeps the seed's HPA bounds", function () {
      expect(one(run, T.hpa, "feastflow-backend-hpa").inputs.spec).to.include({ minReplicas: 2, maxReplicas: 10 });
    });
  });

  describe("with the sim stack's config", function () {
    let run: ProgramRun;
    before(async function () {
      run = await runProgram(stackConfig("sim"), "sim");
    });

    it("places the backend on the simulated nodes: their label, tolerating their taint", function () {
      const pod = one(run, T.deployment, "feastflow-backend").inputs.spec.template.spec;
      expect(pod.nodeSelector).to.deep.equal({ type: "kwok" });
      expect(pod.tolerations).to.deep.equal([{ key: "kwok.x-k8s.io/node", operator: "Exists", effect: "NoSchedule" }]);
    });

    it("leaves the frontend and metrics-server on the real node", function () {
      const frontend = one(run, T.deployment, "feastflow-frontend").inputs.spec.template.spec;
      expect(frontend).not.to.have.property("nodeSelector");
      expect(frontend).not.to.have.property("tolerations");
      const metricsServer = one(run, T.deployment, "metrics-server").inputs.spec.template.spec;
      expect(metricsServer.nodeSelector).to.deep.equal({ "kubernetes.io/os": "linux" });
      expect(metricsServer).not.to.have.property("tolerations");
    });

    it("says its shorter, faster scale-down in the HPA and keeps the kind stack's scale-up", function () {
      const behavior = one(run, T.hpa, "feastflow-backend-hpa").inputs.spec.behavior;
      expect(behavior.scaleDown).to.deep.equal({
        stabilizationWindowSeconds: 60,
        selectPolicy: "Max",
        policies: [{ type: "Percent", value: 100, periodSeconds: 15 }],
      });
      expect(behavior.scaleUp.stabilizationWindowSeconds).to.equal(0);
    });
  });

  describe("config changes", function () {
    it("a flash sale (backend.autoscaling.maxReplicas 20) changes only the backend HPA", async function () {
      const before = await runProgram(stackConfig("kind"));
      const sale = stackConfig("kind");
      setPath(sale, "backend.autoscaling.maxReplicas", 20);
      const after = await runProgram(sale);
      expect(after.resources.map((r) => `${r.type}::${r.name}`)).to.deep.equal(
        before.resources.map((r) => `${r.type}::${r.name}`),
      );
      const changed = after.resources.filter(
        (r, i) => JSON.stringify(r.inputs) !== JSON.stringify(before.resources[i].inputs),
      );
      expect(changed.map((r) => `${r.type}::${r.name}`)).to.deep.equal([`${T.hpa}::feastflow-backend-hpa`]);
      expect(one(after, T.hpa, "feastflow-backend-hpa").inputs.spec.maxReplicas).to.equal(20);
    });

    it("drops the PodDisruptionBudget overnight when minReplicas is 1", async function () {
      const overnight = stackConfig("kind");
      setPath(overnight, "backend.autoscaling.minReplicas", 1);
      const run = await runProgram(overnight);
      expect(ofType(run, T.pdb).map((p) => p.name)).to.deep.equal(["feastflow-frontend"]);
    });

    it("pins replicas from config and declares no HPA when autoscaling is disabled", async function () {
      const fixed = stackConfig("kind");
      setPath(fixed, "backend.autoscaling.enabled", false);
      setPath(fixed, "backend.replicas", 3);
      const run = await runProgram(fixed);
      const deployment = one(run, T.deployment, "feastflow-backend").inputs;
      expect(deployment.spec.replicas).to.equal(3);
      // With the count pinned by config, the provider's own check (every replica Ready) is the right one.
      expect(deployment.metadata).not.to.have.property("annotations");
      expect(ofType(run, T.hpa).map((h) => h.name)).to.deep.equal(["feastflow-frontend-hpa"]);
      expect(run.outputs.backend).to.include({ minReplicas: 3, maxReplicas: 3 });
    });

    it("omits --kubelet-insecure-tls when the stack does not ask for it", async function () {
      const strict = stackConfig("kind");
      setPath(strict, "metricsServer.kubeletInsecureTls", false);
      const run = await runProgram(strict);
      const args = one(run, T.deployment, "metrics-server").inputs.spec.template.spec.containers[0].args;
      expect(args).not.to.include("--kubelet-insecure-tls");
    });

    it("verifies kubelet certificates when the stack leaves kubeletInsecureTls unset", async function () {
      const unset = stackConfig("kind");
      delete (unset.metricsServer as Record<string, unknown>).kubeletInsecureTls;
      const run = await runProgram(unset);
      const args = one(run, T.deployment, "metrics-server").inputs.spec.template.spec.containers[0].args;
      expect(args).not.to.include("--kubelet-insecure-tls");
    });

    it("rejects bad config before declaring any resource", async function () {
      const bad = stackConfig("kind");
      setPath(bad, "backend.autoscaling.minReplicas", 11);
      let error: unknown;
      const declared: MockResource[] = [];
      const run = await runProgram(bad, "test", declared).catch((e) => {
        error = e;
        return undefined;
      });
      expect(run).to.equal(undefined);
      expect(declared.map((r) => r.type)).to.deep.equal([]);
      // A RunError makes Pulumi print the message alone, with no stack trace.
      expect(pulumi.RunError.isInstance(error)).to.equal(true);
      expect((error as Error).message).to.equal(
        "invalid stack config:\n  backend.autoscaling.minReplicas (11) must be <= backend.autoscaling.maxReplicas (10)",
      );
    });
  });
});
