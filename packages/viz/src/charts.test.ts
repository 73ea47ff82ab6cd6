import { describe, expect, it } from 'vitest';
import { clipObjectiveChart } from './clip-objective.js';
import { returnsHistogram, rewardModelCalibration } from './distributions.js';
import { InvalidArgumentError } from './errors.js';
import { klControlChart } from './kl-control.js';
import { smoothEma, type Run } from './metrics.js';
import { finalMetricsTable } from './report.js';
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from './spec.js';
import { trainingCurves } from './training-curves.js';
import { policyArrows, valueHeatmap } from './value-heatmap.js';

type Row = Record<string, unknown>;
const layerValues = (spec: VegaLiteSpec, panel: number, layer: number) =>
  ((((spec.hconcat ?? spec.vconcat) as Row[])[panel]!.layer as Row[])[layer]!.data as { values: Row[] }).values;

const runs: Run[] = [1, 2, 3].flatMap((seed) =>
  ['ppo', 'no-clip'].map((group) => ({
    name: `${group} ${seed}`,
    group,
    records: [1, 2, 3, 4].map((i) => ({ global_step: 512 * i, time: i * seed, 'charts/episodic_return': 10 * i + seed + (group === 'ppo' ? 0 : 100) })),
  })),
);

describe('clipObjectiveChart', () => {
  it('matches its snapshot (ε = 0.2, A = ±1, 4 samples)', () => {
    expect(clipObjectiveChart({ samples: 4 })).toMatchSnapshot();
  });

  it("follows min(r·A, clip(r, 1−ε, 1+ε)·A): the seed's worked numbers", () => {
    const spec = clipObjectiveChart({ epsilon: 0.2, advantage: 1.8, ratioRange: [0.1, 3], samples: 29 * 8 });
    const objective = layerValues(spec, 0, 2).filter((v) => String(v.series).startsWith('PPO objective'));
    const at = (r: number) => objective.find((v) => Math.abs((v.r as number) - r) < 1e-9)?.value;
    expect(at(1.2)).toBeCloseTo(2.16, 9); // r = 1.875 is clipped to 1.2: 1.2 · 1.8 = 2.16
    expect(objective.every((v) => (v.value as number) <= Math.min((v.r as number) * 1.8, 1.2 * 1.8) + 1e-9)).toBe(true);
    const negative = layerValues(spec, 1, 2).filter((v) => String(v.series).startsWith('PPO objective'));
    // A < 0: the objective is flat at (1 − ε)·A below the clip region and follows r·A above it.
    expect(negative.find((v) => v.r === 0.1)?.value).toBeCloseTo(0.8 * -1.8, 9);
    expect(negative.find((v) => Math.abs((v.r as number) - 3) < 1e-9)?.value).toBeCloseTo(3 * -1.8, 9);
  });

  it('includes the kinks 1 ± ε exactly and shades the clip region', () => {
    const spec = clipObjectiveChart({ epsilon: 0.3, panels: 'positive', samples: 7 });
    const layers = spec.layer as Row[];
    expect((layers[0]!.data as { values: Row[] }).values[0]).toMatchObject({ from: 0.7, to: 1.3 });
    expect(spec.title).toEqual({ text: 'PPO clipped objective, ε = 0.3', subtitle: 'A = 1 > 0' });
  });

  it('rejects ε outside (0, 1) and A = 0, naming the field', () => {
    expect(() => clipObjectiveChart({ epsilon: 1.5 })).toThrow(/epsilon must be a number in \(0, 1\); got 1.5/);
    expect(() => clipObjectiveChart({ advantage: 0 })).toThrow(InvalidArgumentError);
    expect(() => clipObjectiveChart({ ratioRange: [2, 1] })).toThrow(/ratioRange/);
  });
});

describe('trainingCurves', () => {
  it('one line per run, grouped by colour (snapshot)', () => {
    const spec = trainingCurves(runs.slice(0, 2));
    expect(spec.$schema).toBe(VEGA_LITE_SCHEMA);
    expect(spec).toMatchSnapshot();
  });

  it('mean with a min–max band across seeds on their shared x', () => {
    const spec = trainingCurves(runs, { aggregate: 'minmax' });
    const values = (spec.data as { values: Row[] }).values;
    expect(values.filter((v) => v.group === 'ppo')).toEqual([1, 2, 3, 4].map((i) => ({ group: 'ppo', x: 512 * i, mean: 10 * i + 2, lo: 10 * i + 1, hi: 10 * i + 3, n: 3 })));
  });

  it('±1 std band, interpolated on a common grid when runs were logged at different x', () => {
    const spec = trainingCurves(runs.filter((r) => r.group === 'ppo'), { x: 'time', aggregate: 'std', gridPoints: 5 });
    const values = (spec.data as { values: Row[] }).values;
    expect(values.map((v) => v.x)).toEqual([3, 3.25, 3.5, 3.75, 4]); // overlap of [1, 4], [2, 8], [3, 12]
    // at time 3: seed 1 is at i = 3 (31), seed 2 halfway between i = 1 and 2 (17), seed 3 at i = 1 (13)
    expect(values[0]!.mean).toBeCloseTo((31 + 17 + 13) / 3, 6);
  });

  it('smoothing is a debiased EMA', () => {
    expect(smoothEma([1, 1, 1], 0.9)).toEqual([1, 1, 1].map(() => expect.closeTo(1, 12) as unknown as number));
    expect(smoothEma([0, 10], 0.5)[1]).toBeCloseTo((0.5 * 0 * 0.5 + 0.5 * 10) / 0.75, 12);
  });

  it('NaN in a record is an error naming the run, record and field', () => {
    const bad: Run[] = [{ name: 'a', records: [{ global_step: 1, 'charts/episodic_return': Number.NaN }] }];
    expect(() => trainingCurves(bad)).toThrow('runs[0].records[0]["charts/episodic_return"] must be a finite number or absent');
  });

  it('bad shapes are errors; well-formed but empty input gives a visible "no data" chart', () => {
    expect(() => trainingCurves({} as unknown as Run[])).toThrow(/runs must be an array/);
    expect(() => trainingCurves([{ name: 'a', records: [] }, { name: 'a', records: [] }])).toThrow(/runs\[1\]\.name must be unique/);
    expect(() => trainingCurves(runs, { smoothing: 1 })).toThrow(/smoothing/);
    const empty = trainingCurves([]);
    expect(empty.usermeta).toEqual({ bellman: { noData: true } });
    expect(JSON.stringify(empty)).toContain('No data');
  });
});

describe('klControlChart', () => {
  const klRuns: Run[] = [
    { name: 'none', records: [1, 2, 3].map((i) => ({ iteration: i, 'objective/kl': 0.1 * i * i })) },
    { name: 'adaptive', records: [1, 2, 3].map((i) => ({ iteration: i, 'objective/kl': 0.1 * i, 'objective/kl_coef': 0.1 / i })) },
  ];

  it('KL panel with the band, β panel for runs that log β (snapshot)', () => {
    const spec = klControlChart(klRuns, { target: 0.2, band: 0.25 });
    expect(spec).toMatchSnapshot();
    expect(layerValues(spec, 0, 0)).toEqual([{ lo: 0.15000000000000002, hi: 0.25 }]);
    const beta = ((spec.vconcat as Row[])[1]!.data as { values: Row[] }).values;
    expect(beta.map((v) => v.run)).toEqual(['adaptive', 'adaptive', 'adaptive']);
  });

  it('absolute band, validation of target and band', () => {
    expect(layerValues(klControlChart(klRuns, { target: 1, band: [0.5, 2] }), 0, 0)).toEqual([{ lo: 0.5, hi: 2 }]);
    expect(() => klControlChart(klRuns, { target: 0 })).toThrow(/target must be a positive number/);
    expect(() => klControlChart(klRuns, { target: 1, band: [2, 3] })).toThrow(/band must be/);
    expect(() => klControlChart([{ name: 'x', records: [{ iteration: 1, 'objective/kl': 0 }] }], { target: 1, logScale: true })).toThrow(/positive on a log scale/);
  });
});

describe('valueHeatmap, returnsHistogram, rewardModelCalibration', () => {
  it('heatmap cells carry values, walls, terminals and arrows', () => {
    const spec = valueHeatmap([0, -1, Number.NaN, -2], { rows: 2, cols: 2, walls: [2], terminals: [0], policy: policyArrows([-1, 3, 0, [1, 0, 1, 0]]) });
    const cells = (spec.data as { values: Row[] }).values;
    expect(cells.map((c) => [c.kind, c.label])).toEqual([
      ['terminal', 'T 0.0'],
      ['state', '← -1.0'],
      ['wall', ''],
      ['state', '↑↓ -2.0'],
    ]);
    expect(() => valueHeatmap([0, 1, 2], { rows: 2, cols: 2 })).toThrow(/values must be an array of rows · cols = 4 numbers/);
    expect(() => valueHeatmap([0, Number.NaN, 1, 2], { rows: 2, cols: 2 })).toThrow(/values\[1\] must be a finite number \(NaN only at wall cells\)/);
    expect(() => policyArrows([7])).toThrow(/policy\[0\]/);
  });

  it('histogram of named return arrays; NaN is an error; empty is "no data"', () => {
    const spec = returnsHistogram({ random: [10, 20], ppo: new Float64Array([500, 480]) });
    expect((spec.data as { values: Row[] }).values).toHaveLength(4);
    expect(() => returnsHistogram([1, Number.NaN])).toThrow('returns[1] must be a finite number');
    expect(returnsHistogram([]).usermeta).toEqual({ bellman: { noData: true } });
  });

  it('calibration: accuracy and both orders of each pair; mismatched lengths are an error', () => {
    const spec = rewardModelCalibration({ chosen: [2.3, 1, 0], rejected: [0.2, 2, -5] }, { bins: 2 });
    expect((spec.title as Row).subtitle).toBe('3 pairs; ranking accuracy 66.7 %');
    const calibration = layerValues(spec, 1, 1);
    expect(calibration.reduce((a, b) => a + (b.pairs as number), 0)).toBe(6);
    expect(() => rewardModelCalibration({ chosen: [1, 2], rejected: [1] })).toThrow('pairs.rejected must be an array as long as pairs.chosen (2)');
  });

  it('finalMetricsTable: the last logged value per run', () => {
    expect(finalMetricsTable(runs.slice(0, 1), ['charts/episodic_return', 'losses/approx_kl'])).toEqual({
      columns: ['run', 'charts/episodic_return', 'losses/approx_kl'],
      rows: [['ppo 1', 41, null]],
    });
  });
});
