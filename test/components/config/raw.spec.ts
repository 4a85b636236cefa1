import { expect } from "chai";
import { rawConfig } from "../../../components/config";

describe("the stack config reader (components/config/raw.ts)", () => {
  it("keeps this project's keys without the prefix and decodes JSON objects and lists", () => {
    expect(
      rawConfig({
        "feastflow:backend": '{"port":5001}',
        "feastflow:tags": "[1,2]",
        "kubernetes:context": "kind",
        "feastflow:namespace": "shop",
      }),
    ).to.deep.equal({ backend: { port: 5001 }, tags: [1, 2], namespace: "shop" });
  });

  it("leaves scalar text alone, so a namespace may be called 123 or null", () => {
    expect(rawConfig({ "feastflow:namespace": "123" })).to.deep.equal({ namespace: "123" });
    expect(rawConfig({ "feastflow:namespace": "null" })).to.deep.equal({ namespace: "null" });
  });

  it("keeps undecodable JSON-looking text for validation to report", () => {
    expect(rawConfig({ "feastflow:backend": "{port: 1" })).to.deep.equal({ backend: "{port: 1" });
  });

  it("takes values that are already parsed, as a stack file holds them", () => {
    expect(rawConfig({ "feastflow:backend": { port: 5001 } })).to.deep.equal({ backend: { port: 5001 } });
  });

  it("stores a __proto__ key as data, never as the object's prototype", () => {
    const raw = rawConfig({ "feastflow:__proto__": '{"polluted":1}' });
    expect(Object.getPrototypeOf(raw)).to.equal(Object.prototype);
    expect(Object.keys(raw)).to.deep.equal(["__proto__"]);
  });
});
