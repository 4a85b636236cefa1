import { expect } from "chai";
import { UsageError } from "../../automation/shared/errors";
import { applyOverrides, parseOverride } from "../../automation/shared/overrides";

describe("config overrides (KEY=VALUE)", () => {
  it("reads values by path the way pulumi config set --path does: booleans, integers, else strings", () => {
    expect(parseOverride("backend.autoscaling.enabled=false").value).to.equal(false);
    expect(parseOverride("backend.autoscaling.maxReplicas=20").value).to.equal(20);
    expect(parseOverride("backend.resources.requests.cpu=0.5").value).to.equal("0.5");
    expect(parseOverride("backend.image=feastflow-backend:1.1.0").value).to.equal("feastflow-backend:1.1.0");
    expect(parseOverride("backend.autoscaling.memoryUtilization=null").value).to.equal("null");
  });

  it("keeps a top-level value a string, as Pulumi does, and drops a feastflow: prefix", () => {
    expect(parseOverride("feastflow:namespace=123")).to.deep.equal({
      key: "namespace",
      path: ["namespace"],
      text: "123",
      value: "123",
    });
  });

  it("splits list indexes out of the path", () => {
    expect(parseOverride("backend.autoscaling.scaleUp.policies[1].value=8").path).to.deep.equal([
      "backend",
      "autoscaling",
      "scaleUp",
      "policies",
      1,
      "value",
    ]);
  });

  it("applies overrides to a copy, creating maps and lists along the way", () => {
    const raw = { backend: { port: 5000 } };
    const out = applyOverrides(raw, [
      parseOverride("backend.autoscaling.maxReplicas=20"),
      parseOverride("backend.autoscaling.scaleUp.policies[0].value=8"),
      parseOverride("namespace=shop"),
    ]);
    expect(out).to.deep.equal({
      namespace: "shop",
      backend: { port: 5000, autoscaling: { maxReplicas: 20, scaleUp: { policies: [{ value: 8 }] } } },
    });
    expect(raw).to.deep.equal({ backend: { port: 5000 } });
  });

  it("replaces a scalar that stands where the path needs a map", () => {
    const out = applyOverrides({ backend: "x" }, [parseOverride("backend.port=5001")]);
    expect(out).to.deep.equal({ backend: { port: 5001 } });
  });

  for (const bad of ["maxReplicas", "=3", "__proto__.x=1", "backend.constructor.prototype=1", "a..b=1", "a[x]=1"]) {
    it(`refuses ${bad} with a usage error`, () => {
      expect(() => parseOverride(bad)).to.throw(UsageError, /--config/);
    });
  }

  it("never reaches Object.prototype", () => {
    expect(() => applyOverrides({}, [parseOverride("__proto__.polluted=1")])).to.throw(UsageError);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });
});
