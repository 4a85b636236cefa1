import { expect } from "chai";
import { assertLocalTarget, assertServiceTarget, isLoopback, serviceHost } from "../../automation/load/target-guard";

describe("load target guard", () => {
  it("treats localhost, 127.0.0.0/8 and ::1 as loopback", () => {
    expect(["localhost", "127.0.0.1", "127.1.2.3", "::1", "[::1]"].every(isLoopback)).to.equal(true);
    expect(["10.0.0.1", "example.com", "128.0.0.1"].some(isLoopback)).to.equal(false);
  });

  it("allows this host's own addresses and addresses the caller vouches for", () => {
    expect(assertLocalTarget("http://10.1.2.3:30500/", [], ["10.1.2.3"]).port).to.equal("30500");
    expect(assertLocalTarget("http://10.96.0.15:5000/", ["10.96.0.15"], []).hostname).to.equal("10.96.0.15");
  });

  it("refuses other hosts, other schemes and malformed URLs", () => {
    expect(() => assertLocalTarget("http://example.com/", [], [])).to.throw("Refusing to send load to example.com");
    expect(() => assertLocalTarget("ftp://127.0.0.1/", [], [])).to.throw(
      'The load target "ftp://127.0.0.1/" must use http or https.',
    );
    expect(() => assertLocalTarget("127.0.0.1:30500", [], [])).to.throw(
      'The load target "127.0.0.1:30500" is not a valid URL',
    );
    expect(() => assertLocalTarget("http://", [], [])).to.throw('The load target "http://" is not a valid URL');
  });

  describe("from inside the cluster", () => {
    const backend = { name: "feastflow-backend", namespace: "feastflow", port: 5000 };

    it("allows the stack's own Service by its cluster name, with or without the cluster domain", () => {
      expect(serviceHost("feastflow-backend", "feastflow")).to.equal("feastflow-backend.feastflow.svc");
      expect(assertServiceTarget("http://feastflow-backend.feastflow.svc:5000/api", backend).pathname).to.equal("/api");
      expect(assertServiceTarget("http://feastflow-backend.feastflow.svc.cluster.local:5000/", backend).port).to.equal(
        "5000",
      );
    });

    it("refuses another Service, another namespace, an address and another port", () => {
      const refused = "only the stack's own Service feastflow-backend.feastflow.svc may be targeted";
      expect(() => assertServiceTarget("http://feastflow-frontend.feastflow.svc:5000/", backend)).to.throw(refused);
      expect(() => assertServiceTarget("http://feastflow-backend.shop.svc:5000/", backend)).to.throw(refused);
      expect(() => assertServiceTarget("http://feastflow-backend.feastflow.svc.evil.example:5000/", backend)).to.throw(
        refused,
      );
      expect(() => assertServiceTarget("http://10.215.0.9:5000/", backend)).to.throw(refused);
      expect(() => assertServiceTarget("http://feastflow-backend.feastflow.svc/", backend)).to.throw(
        "the Service feastflow-backend.feastflow.svc serves port 5000",
      );
    });
  });
});
