import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/dataset/types';
import { toHllmFiles } from '../../src/export/hllmLayout';
import { toRecboleFiles } from '../../src/export/recboleAtomic';
import { ingest } from '../../src/ingestion/ingest';
import { sequenceOf, textFile, textOf } from '../ingestion/helpers';

const INTERACTIONS = 'item_id,user_id,timestamp\ni1,u1,300\ni2,u1,100\n"i,3",u2,50\ni1,u2,60\n';
const INFO =
  'item_id,title,description,tag,genres\ni1,"Cat, dog",Pets &amp; more,pets,Drama\ni2,Music,,music,\n"i,3",Third,Line one\tline two,misc,Crime\n';

/** A small dataset with commas in ids and text, and a tag field. */
function sample(): Dataset {
  return ingest({
    interactions: [textFile('Mini.csv', INTERACTIONS)],
    items: [textFile('info.csv', INFO)],
  }).dataset;
}

describe('toHllmFiles', () => {
  it('writes HLLM dataset and information CSVs that ingest back to the same sequences', () => {
    const files = toHllmFiles(sample());
    expect(Object.keys(files)).toEqual(['dataset/Mini.csv', 'information/Mini.csv', 'README.md']);
    expect(files['dataset/Mini.csv'].split('\n')[0]).toBe('item_id,user_id,timestamp');
    const info = Papa.parse<string[]>(files['information/Mini.csv'].trim()).data;
    expect(info[0]).toEqual(['item_id', 'description', 'title', 'tag']);
    expect(info[1]).toEqual(['i1', 'Pets & more. Drama', 'Cat, dog', 'pets']);
    const back = ingest({
      interactions: [textFile('dataset/Mini.csv', files['dataset/Mini.csv'])],
      items: [textFile('information/Mini.csv', files['information/Mini.csv'])],
    });
    expect(back.format).toBe('hllm');
    expect(sequenceOf(back, 'u1')).toEqual(['i2', 'i1']);
    expect(sequenceOf(back, 'u2')).toEqual(['i,3', 'i1']);
    expect(textOf(back, 'i,3')).toEqual({
      description: 'Line one line two. Crime',
      title: 'Third',
      tag: 'misc',
    });
  });

  it('uses per-user positions as timestamps when the dataset has order only', () => {
    const seq = ingest({ interactions: [textFile('user_sequence.txt', 'a x y z\nb y\n')] }).dataset;
    const lines = toHllmFiles(seq)['dataset/user_sequence.csv'].trim().split('\n');
    expect(lines).toEqual(['item_id,user_id,timestamp', 'x,a,0', 'y,a,1', 'z,a,2', 'y,b,0']);
  });
});

describe('toRecboleFiles', () => {
  it('writes typed atomic files that ingest back to the same dataset', () => {
    const files = toRecboleFiles(sample());
    expect(Object.keys(files)).toEqual(['Mini.inter', 'Mini.item', 'README.md']);
    expect(files['Mini.inter'].split('\n')[0]).toBe(
      'user_id:token\titem_id:token\ttimestamp:float',
    );
    expect(files['Mini.item'].split('\n')[0]).toBe(
      'item_id:token\ttitle:token_seq\tdescription:token_seq\ttag:token_seq\tgenres:token_seq',
    );
    const back = ingest({
      interactions: [textFile('Mini.inter', files['Mini.inter'])],
      items: [textFile('Mini.item', files['Mini.item'])],
    });
    expect(back.format).toBe('recbole');
    expect(back.dataset.hasTimestamps).toBe(true);
    expect(sequenceOf(back, 'u2')).toEqual(['i,3', 'i1']);
    expect(textOf(back, 'i,3')).toEqual({
      title: 'Third',
      description: 'Line one line two',
      tag: 'misc',
      genres: 'Crime',
    });
    expect(back.dataset.timestamps[0][0]).toBe(100);
  });
});
