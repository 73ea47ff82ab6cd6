import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.js';
import { Box } from '../spaces/box.js';
import { Discrete } from '../spaces/discrete.js';
import { MultiDiscrete } from '../spaces/multi-discrete.js';
import type { Policy } from './policy.js';
import { RandomPolicy } from './random-policy.js';

describe('RandomPolicy', () => {
  it('samples a Discrete space uniformly and gives probs 1/n', () => {
    const pi = new RandomPolicy(new Discrete(4));
    expect(Array.from(pi.probs!(0))).toEqual([0.25, 0.25, 0.25, 0.25]);
    const rng = new Rng(2);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 20000; i++) counts[pi.act(undefined, rng)]!++;
    counts.forEach((c) => expect(Math.abs(c / 20000 - 0.25)).toBeLessThan(0.015));
  });

  it('draws exactly what actionSpace.sample draws from the same stream', () => {
    const space = new Discrete(3, 5);
    const pi = new RandomPolicy(space);
    const a = new Rng(4);
    const b = new Rng(4);
    for (let i = 0; i < 20; i++) expect(pi.act('ignored', a)).toBe(space.sample(b));
  });

  it('works for any space; probs only where the action set is a Discrete one', () => {
    const box = new Box(-1, 1, [3]);
    const pi = new RandomPolicy(box);
    const rng = new Rng(0);
    for (let i = 0; i < 10; i++) expect(box.contains(pi.act(null, rng))).toBe(true);
    expect(pi.probs).toBeUndefined();
    const md = new MultiDiscrete([2, 3]);
    const mdPolicy: Policy<Float32Array, ReturnType<MultiDiscrete['sample']>> = new RandomPolicy(md);
    expect(md.contains(mdPolicy.act(new Float32Array(1), rng))).toBe(true);
    expect(mdPolicy.probs?.(new Float32Array(1))).toBeUndefined();
  });
});
