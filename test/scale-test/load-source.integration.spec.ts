import { expect } from "chai";
import type { Kube } from "../../automation/scale-test/kube";
import { clusterIsHere, loadFrom, loadUrl, openLoad } from "../../automation/scale-test/load-source";
import { parseOptions, type ScaleTestOptions } from "../../automation/scale-test/options";
import type { Prepared } from "../../automation/scale-test/prepare";
import type { WorkloadOutputs } from "../../automation/scale-test/stack-outputs";
import { PreflightError } from "../../automation/shared/errors";
import { AppProcess, startApp } from "../support/local-app";
import { StandInLoadCluster } from "../support/stand-in-load-cluster";

const options = (...argv: string[]) => parseOptions(argv) as ScaleTestOptions;
const workload = (nodePort?: number): WorkloadOutputs => ({
  deploymentName: "feastflow-backend",
  serviceName: "feastflow-backend",
  hpaName: "feastflow-backend-hpa",
  serviceType: nodePort === undefined ? "ClusterIP" : "NodePort",
  port: 5000,
  nodePort,
  minReplicas: 2,
  maxReplicas: 10,
});
const HERE = "https://10.213.0.1:6443";
const FAST = { pollMs: 50, leadMs: 300, heartbeatMs: 200, stopTimeoutMs: 2000 };
const LOCAL = ["10.213.0.1"];
const ELSEWHERE = "https://203.0.113.9:443";

describe("where the scale test's load comes from", () => {
  it("knows a cluster on this machine by its apiserver address", () => {
    expect(clusterIsHere("https://127.0.0.1:41234", [])).to.equal(true);
    expect(clusterIsHere(HERE, LOCAL)).to.equal(true);
    expect(clusterIsHere(ELSEWHERE, LOCAL)).to.equal(false);
    expect(clusterIsHere("not a url", LOCAL)).to.equal(false);
  });

  it("loads from this machine at a NodePort here, and from the cluster at a ClusterIP Service or a cluster elsewhere", () => {
    expect(loadFrom(options(), workload(30500), HERE, LOCAL)).to.equal("local");
    expect(loadFrom(options(), workload(), HERE, LOCAL)).to.equal("cluster");
    expect(loadFrom(options(), workload(30500), ELSEWHERE, LOCAL)).to.equal("cluster");
    expect(loadFrom(options("--load-from", "cluster"), workload(30500), HERE, LOCAL)).to.equal("cluster");
    expect(loadFrom(options("--url", "http://127.0.0.1:8080"), workload(), ELSEWHERE, LOCAL)).to.equal("local");
  });

  it("refuses local load where this machine cannot reach the Service, saying what to do instead", () => {
    expect(() => loadFrom(options("--load-from", "local"), workload(30500), ELSEWHERE, LOCAL)).to.throw(
      PreflightError,
      "The cluster at https://203.0.113.9:443 is not this machine, so the backend Service's NodePort is not here to load; load from the cluster (drop --load-from local) or pass --url.",
    );
    expect(() => loadFrom(options("--load-from", "local"), workload(), HERE, LOCAL)).to.throw(
      "The backend Service (feastflow-backend) is ClusterIP without a nodePort, so this machine cannot reach it",
    );
  });

  it("names the Service by its cluster name and the stack's port from inside, its NodePort on loopback from here", () => {
    const at = (w: WorkloadOutputs, from: "local" | "cluster") => ({ workload: w, namespace: "feastflow", from });
    expect(loadUrl(options(), at(workload(), "cluster"))).to.equal(
      "http://feastflow-backend.feastflow.svc:5000/api/menu/search?q=chicken",
    );
    expect(loadUrl(options("--path", "/api/health"), at(workload(30500), "local"))).to.equal(
      "http://127.0.0.1:30500/api/health",
    );
  });

  describe("opening the load", () => {
    let app: AppProcess;
    before(async () => {
      app = await startApp("backend");
    });
    after(() => app.stop());

    /** What prepare.ts hands drive.ts for a ClusterIP backend. */
    const prepared = (url: string) =>
      ({
        kube: { server: HERE } as Kube,
        namespace: "feastflow",
        workload: workload(),
        url,
        from: "cluster",
        selector: "app.kubernetes.io/name=feastflow-backend,component=backend",
        config: { resources: { requests: { cpu: "200m", memory: "256Mi" }, limits: { cpu: "500m", memory: "512Mi" } } },
      }) as Prepared;
    const ctx = { io: { note: () => undefined } as never, signal: new AbortController().signal };

    it("creates the Job the options ask for and probes through its pods", async function () {
      this.timeout(10000);
      const cluster = new StandInLoadCluster({ target: `http://127.0.0.1:${app.port}` });
      const o = options("--load-pods", "3", "--connections", "6", "--loadgen-image", "registry.example/loadgen:7");
      const p = prepared("http://feastflow-backend.feastflow.svc:5000/api/health");
      const load = await openLoad(p, o, ctx, 120, { makeCluster: () => cluster, timing: FAST });
      expect(load.probeMs).to.be.greaterThan(0);
      const job = cluster.created?.job;
      expect(job?.spec?.parallelism).to.equal(3);
      expect(job?.spec?.template.spec?.containers[0].image).to.equal("registry.example/loadgen:7");
      const run = await load.start(30);
      await run.stop();
      expect(cluster.running()).to.equal(0);
    });

    it("says the target does not answer when the pods cannot reach it, and leaves nothing behind", async function () {
      this.timeout(10000);
      const cluster = new StandInLoadCluster({
        target: `http://127.0.0.1:${app.port}`,
        podTiming: { readyTimeoutMs: 50 },
        probe: () => Promise.reject(new Error("connect ECONNREFUSED")),
      });
      const p = prepared("http://feastflow-backend.feastflow.svc:5000/api/health");
      let error: Error | undefined;
      await openLoad(p, options(), ctx, 120, { makeCluster: () => cluster, timing: FAST }).catch(
        (err: Error) => (error = err),
      );
      expect(error).to.be.instanceOf(PreflightError);
      expect(error?.message).to.match(
        /^The load target http:\/\/feastflow-backend\.feastflow\.svc:5000\/api\/health does not answer as it should: load pod 0: .* connect ECONNREFUSED\.$/,
      );
      expect(cluster.calls[cluster.calls.length - 1]).to.match(/^remove feastflow\.dev\/run=/);
    });
  });
});
