import { expect } from "chai";
import { assertLocalTarget, isLoopback } from "../../automation/load/target-guard";

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
});
