import { describe, expect, it } from 'vitest';
import { TaxiAction, TaxiEnv, taxiDecode, taxiEncode } from './taxi.js';

describe('TaxiEnv', () => {
  const env = new TaxiEnv();

  it('encodes and decodes all 500 states like Gymnasium', () => {
    expect(env.encode(3, 1, 2, 0)).toBe(328); // Gymnasium's documented example
    for (let s = 0; s < 500; s++) {
      const [row, col, pass, dest] = env.decode(s);
      expect(env.encode(row, col, pass, dest)).toBe(s);
      expect(taxiEncode(row, col, pass, dest)).toBe(s);
      expect(taxiDecode(s)).toEqual([row, col, pass, dest]);
    }
    expect(() => env.decode(500)).toThrow(/state must be an integer in \[0, 499\]/);
    expect(() => env.encode(0, 5, 0, 0)).toThrow(/col must be an integer in \[0, 4\]/);
  });

  it('starts uniformly over the 300 states with the passenger waiting away from the destination', () => {
    const dist = env.model.initialStateDistribution!;
    let support = 0;
    for (let s = 0; s < 500; s++) {
      const [, , pass, dest] = taxiDecode(s);
      const expected = pass < 4 && pass !== dest ? 1 / 300 : 0;
      expect(dist[s]).toBeCloseTo(expected, 15);
      if (dist[s]! > 0) support++;
    }
    expect(support).toBe(300);
    const e = new TaxiEnv();
    for (let seed = 0; seed < 50; seed++) {
      const [, , pass, dest] = e.decode(e.reset({ seed }).observation);
      expect(pass).toBeLessThan(4);
      expect(pass).not.toBe(dest);
    }
  });

  it('returns info.action_mask as a Uint8Array of 6, like Gymnasium', () => {
    const e = new TaxiEnv();
    const { info } = e.reset({ seed: 1 });
    expect(info.prob).toBe(1);
    expect(info.action_mask).toBeInstanceOf(Uint8Array);
    expect((info.action_mask as Uint8Array).length).toBe(6);
    // Taxi at R (0, 0), passenger at R, destination G: south and pickup change the state;
    // east is open (':' between (0,0) and (0,1)).
    expect(Array.from(e.actionMask(e.encode(0, 0, 0, 1)))).toEqual([1, 0, 1, 0, 1, 0]);
    // Taxi at (0, 1) with a wall to the east: west and south only.
    expect(Array.from(e.actionMask(e.encode(0, 1, 0, 1)))).toEqual([1, 0, 0, 1, 0, 0]);
    // Passenger in the taxi at Y (4, 0): drop-off allowed; walls on the east side.
    expect(Array.from(e.actionMask(e.encode(4, 0, 4, 1)))).toEqual([0, 1, 0, 0, 0, 1]);
    e.state = e.encode(2, 2, 4, 3);
    const step = e.step(TaxiAction.NORTH);
    expect(Array.from(step.info.action_mask as Uint8Array)).toEqual(Array.from(e.actionMask(step.observation)));
  });

  it('pickup and delivery give −1 then +20 with termination; illegal actions −10', () => {
    const e = new TaxiEnv();
    e.reset({ seed: 0 });
    e.state = e.encode(4, 3, 3, 0); // at B, passenger at B, destination R
    expect(e.step(TaxiAction.DROPOFF)).toMatchObject({ observation: e.encode(4, 3, 3, 0), reward: -10, terminated: false });
    expect(e.step(TaxiAction.PICKUP)).toMatchObject({ observation: e.encode(4, 3, 4, 0), reward: -1, terminated: false });
    expect(e.step(TaxiAction.PICKUP)).toMatchObject({ reward: -10 });
    e.state = e.encode(0, 0, 4, 0);
    expect(e.step(TaxiAction.DROPOFF)).toMatchObject({ observation: e.encode(0, 0, 0, 0), reward: 20, terminated: true });
    // Dropping at another colored location leaves the passenger there for −1.
    e.state = e.encode(0, 4, 4, 0);
    expect(e.step(TaxiAction.DROPOFF)).toMatchObject({ observation: e.encode(0, 4, 1, 0), reward: -1, terminated: false });
  });
});
