import { expect } from "chai";
import { PROFILES, constant, namedProfile, ramp, sequence, step, sum } from "../../automation/hpa-model/load-profile";

describe("load-profile", () => {
  it("holds a constant demand at every time", () => {
    const p = constant(300);
    expect([0, 15, 86400].map(p)).to.deep.equal([300, 300, 300]);
  });

  it("switches a step at its time, not before", () => {
    const p = step(100, 800, 60);
    expect([0, 59, 60, 600].map(p)).to.deep.equal([100, 100, 800, 800]);
  });

  it("ramps linearly between its start and end and stays flat outside", () => {
    const p = ramp(100, 1100, 100, 200);
    expect([0, 100, 150, 200, 1000].map(p)).to.deep.equal([100, 100, 600, 1100, 1100]);
  });

  it("adds profiles with sum", () => {
    const p = sum(constant(100), step(0, 400, 10));
    expect([0, 10].map(p)).to.deep.equal([100, 500]);
  });

  it("runs each segment of a sequence on its own clock, then drops to zero", () => {
    const p = sequence([
      { profile: constant(50), seconds: 60 },
      { profile: ramp(0, 600, 0, 60), seconds: 60 },
    ]);
    expect([0, 59, 60, 90, 119, 120].map(p)).to.deep.equal([50, 50, 0, 300, 590, 0]);
    expect(p(-1)).to.equal(0); // nothing before the first segment
  });

  it("offers the runbook's scenarios by name, each non-negative over its duration", () => {
    expect(Object.keys(PROFILES)).to.include.members(["seed", "lunch-rush", "flash-sale", "overnight", "day"]);
    for (const { profile, durationSeconds } of Object.values(PROFILES)) {
      for (let t = 0; t <= durationSeconds; t += 60) expect(profile(t)).to.be.at.least(0);
    }
    expect(PROFILES.day.durationSeconds).to.equal(86400);
    expect(PROFILES["flash-sale"].profile(120)).to.equal(2400);
  });

  it("runs each named profile as its description says", () => {
    const at = (name: string, times: number[]) => times.map(PROFILES[name].profile);
    // seed: 500m for 3 minutes, then quiet; 10 minutes shown.
    expect(at("seed", [0, 179, 180, 599])).to.deep.equal([500, 500, 0, 0]);
    expect(PROFILES.seed.durationSeconds).to.equal(600);
    // lunch-rush: 150m, climbing from 1 min to 1200m at 6 min (675m halfway), held to 21 min, back to 150m at 31 min.
    expect(at("lunch-rush", [0, 60, 210, 360, 1260, 1560, 1860, 2700])).to.deep.equal([
      150, 150, 675, 1200, 1200, 675, 150, 150,
    ]);
    expect(PROFILES["lunch-rush"].durationSeconds).to.equal(45 * 60);
    // flash-sale: 150m, then 2400m from 1 min for 10 minutes, then 300m; 25 minutes shown.
    expect(at("flash-sale", [0, 59, 60, 659, 660, 1499])).to.deep.equal([150, 150, 2400, 2400, 300, 300]);
    expect(PROFILES["flash-sale"].durationSeconds).to.equal(25 * 60);
    // overnight: 700m fading to 60m over the first hour (380m halfway), then 60m; 3 hours shown.
    expect(at("overnight", [0, 1800, 3600, 10799])).to.deep.equal([700, 380, 60, 60]);
    expect(PROFILES.overnight.durationSeconds).to.equal(3 * 3600);
  });

  it("chains a day from night, breakfast, lunch rush, afternoon, dinner with a flash sale and night again", () => {
    const h = 3600;
    const day = PROFILES.day.profile;
    expect(day(3 * h)).to.equal(60); // night: 60m until 7 h
    expect(day(7.5 * h)).to.equal(230); // breakfast: 60m → 400m over 7-8 h, halfway
    expect(day(10 * h)).to.equal(400);
    expect(day(11 * h + 360)).to.equal(1200); // lunch rush from 11 h, at its 6-minute peak
    expect(day(12 * h)).to.equal(300); // afternoon: 300m from 11:45 to 17:00
    expect(day(17 * h + 120)).to.equal(360 + 2400); // lunch-rush shape (360m at 2 min) plus the flash sale
    expect(day(18 * h)).to.equal(540); // night from 17:45: 700m − 640m × 15 / 60
    expect(day(24 * h - 60)).to.equal(60);
    expect(day(24 * h)).to.equal(0); // the day is over
  });

  it("describes each named profile in words, with only demands it reaches", () => {
    for (const { name, description, profile, durationSeconds } of Object.values(PROFILES)) {
      expect(description, name).to.have.length.above(40);
      const reached = new Set(Array.from({ length: durationSeconds / 60 + 1 }, (_, i) => profile(i * 60)));
      for (const [, millicores] of description.matchAll(/(\d+)m\b/g)) {
        expect(reached.has(Number(millicores)), `${name}: ${millicores}m`).to.equal(true);
      }
    }
    expect(PROFILES.seed.description).to.include("500m");
    expect(PROFILES.day.description).to.include("24 hours");
  });

  it("looks a known profile up by name", () => {
    expect(namedProfile("seed")).to.equal(PROFILES.seed);
  });

  it("names the known profiles when asked for an unknown one", () => {
    expect(() => namedProfile("brunch")).to.throw('unknown load profile "brunch"; known: seed, lunch-rush');
  });
});
