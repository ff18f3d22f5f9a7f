import { describe, expect, it } from 'vitest';
import { nearestRows, sampleRows, separationScore } from '../../src/compute/separation';
import { createRng } from '../../src/random/rng';

/** 3 well-apart clusters of 40 points in 4-d; labels by cluster, by a random draw, and mixed. */
function clusters(): { data: Float32Array; byCluster: Uint8Array; random: Uint8Array } {
  const rng = createRng(5);
  const n = 120;
  const dim = 4;
  const data = new Float32Array(n * dim); // [n, dim]
  const byCluster = new Uint8Array(n);
  const random = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    byCluster[i] = i % 3;
    random[i] = rng.int(3);
    for (let c = 0; c < dim; c++) data[i * dim + c] = (c === i % 3 ? 10 : 0) + rng.normal();
  }
  return { data, byCluster, random };
}

describe('separation score', () => {
  it('finds the nearest rows, leaving the query out', () => {
    const data = Float32Array.from([0, 1, 3, 10]); // [4, 1]
    expect(Array.from(nearestRows(data, 4, 1, [0, 2], 2))).toEqual([1, 2, 1, 0]);
    expect(Array.from(nearestRows(data, 2, 1, [0], 3))).toEqual([1, -1, -1]);
  });

  it('scores the labelling that matches the clusters at its most (1 − 1/3) and a random one near 0', () => {
    const { data, byCluster, random } = clusters();
    const queries = sampleRows(120, 60, 1);
    const neighbours = nearestRows(data, 120, 4, queries, 5);
    const good = separationScore(byCluster, queries, neighbours, 5);
    const bad = separationScore(random, queries, neighbours, 5);
    expect(good).toBeCloseTo(1 - 1 / 3, 2);
    expect(Math.abs(bad)).toBeLessThan(0.1);
  });

  it('gives little credit to one dominant label, and ignores the other bucket', () => {
    const { data, byCluster } = clusters();
    const queries = sampleRows(120, 120, 2);
    const neighbours = nearestRows(data, 120, 4, queries, 5);
    // One label for all: every neighbour agrees, but so would chance.
    expect(separationScore(new Uint8Array(120), queries, neighbours, 5)).toBe(0);
    // One cluster against the two others merged: pure neighbourhoods, but 1 − (1/9 + 4/9) at most.
    const oneAgainstTwo = byCluster.map((c) => (c === 2 ? 1 : c));
    expect(separationScore(oneAgainstTwo, queries, neighbours, 5)).toBeCloseTo(4 / 9, 6);
    // Two clusters labelled apart, the third as `other` (code 7): as two equal labels, 1 − 1/2.
    const twoAndOther = byCluster.map((c) => (c === 2 ? 7 : c));
    expect(separationScore(twoAndOther, queries, neighbours, 5, 7)).toBeCloseTo(0.5, 6);
  });
});
