import { describe, expect, it } from 'vitest';
import { averageLearningCurves, emptyLearningCurve, learningCurveRecords, movingAverage, rmsError } from './learning-curve.js';

describe('learning curves', () => {
  const curve = { episode: [1, 2, 3], return: [-10, -6, -2], length: [10, 6, 2] };

  it('converts to rows with SB3/CleanRL names for Vega-Lite', () => {
    expect(learningCurveRecords(curve)).toEqual([
      { episode: 1, episodic_return: -10, episodic_length: 10 },
      { episode: 2, episodic_return: -6, episodic_length: 6 },
      { episode: 3, episodic_return: -2, episodic_length: 2 },
    ]);
    expect(learningCurveRecords(emptyLearningCurve())).toEqual([]);
    expect(() => learningCurveRecords({ episode: [1], return: [], length: [1] })).toThrow(/curve must be a learning curve/);
  });

  it('averages curves element-wise', () => {
    const other = { episode: [1, 2, 3], return: [-20, -8, -4], length: [20, 8, 4] };
    expect(averageLearningCurves([curve, other])).toEqual({ episode: [1, 2, 3], return: [-15, -7, -3], length: [15, 7, 3] });
    expect(() => averageLearningCurves([])).toThrow(/curves must be a non-empty array/);
    expect(() => averageLearningCurves([curve, { episode: [1], return: [1], length: [1] }])).toThrow(/curves\[1\] must be a curve of 3 episodes/);
  });

  it('smooths with a trailing moving average', () => {
    expect(movingAverage([1, 2, 3, 4, 5], 2)).toEqual([1, 1.5, 2.5, 3.5, 4.5]);
    expect(movingAverage([4, 0, 2], 10)).toEqual([4, 2, 2]);
    expect(() => movingAverage([1], 0)).toThrow(/window must be an integer >= 1/);
  });

  it('computes the RMS error over chosen indices', () => {
    expect(rmsError([1, 2, 3], [1, 2, 3])).toBe(0);
    expect(rmsError([0, 3, 4, 9], [0, 0, 0, 0], [1, 2])).toBeCloseTo(Math.sqrt(12.5), 15);
    expect(() => rmsError([1], [1, 2])).toThrow(/target must be an array of the same length as estimate/);
    expect(() => rmsError([1, 2], [1, 2], [2])).toThrow(/indices\[0\] must be an integer in \[0, 1\]; got 2/);
  });
});
