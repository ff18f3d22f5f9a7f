import { describe, expect, it } from 'vitest';
import { ingest } from '../../src/ingestion/ingest';
import { interactionCount, sequenceOf, textFile, textOf } from './helpers';

const INTERACTIONS = `item_id,user_id,timestamp
i1,u1,300
i2,u1,100
i3,u2,50
i1,u2,50
i2,u1,100
i4,u2,
i3,,70
,u3,80
`;

const PIXELREC_INFO = `item_id,view_number,comment_number,thumbup_number,share_number,coin_number,favorite_number,barrage_number,title_en,title,description,tag
i1,10,1,2,3,4,5,6,Cat video,猫,"A cat, jumping &amp; running",pets
i2,20,1,2,3,4,5,6,Dog video,狗,A dog,pets
i3,30,1,2,3,4,5,6,Song,歌,"Multi
line",music
i9,40,1,2,3,4,5,6,Unused,无,never seen,misc
`;

describe('HLLM / PixelRec layout', () => {
  it('groups by user, sorts by time (ties keep file order) and counts skipped rows', () => {
    const r = ingest({ interactions: [textFile('dataset/Pixel200K.csv', INTERACTIONS)] });
    expect(r.format).toBe('hllm');
    expect(r.dataset.name).toBe('Pixel200K');
    expect(r.dataset.hasTimestamps).toBe(true);
    expect(sequenceOf(r, 'u1')).toEqual(['i2', 'i1']);
    expect(Array.from(r.dataset.timestamps[r.dataset.userIds.indexOf('u1')])).toEqual([100, 300]);
    expect(sequenceOf(r, 'u2')).toEqual(['i3', 'i1']);
    expect(r.skipped).toEqual({
      'unparsable-timestamp': 1,
      'missing-user-id': 1,
      'missing-item-id': 1,
      'duplicate-row': 1,
    });
    expect(r.warnings.join('\n')).toMatch(
      /unparsable-timestamp.*dataset\/Pixel200K\.csv, line 7, column timestamp/,
    );
    expect(r.warnings.join('\n')).toMatch(/duplicate-row.*line 6: user u1, item i2/);
    expect(interactionCount(r)).toBe(4);
  });

  it('attaches PixelRec item_info text, defaulting to the text-like columns', () => {
    const r = ingest({
      interactions: [textFile('Pixel200K.csv', `${INTERACTIONS}i5,u3,90\n`)],
      items: [textFile('item_info.csv', PIXELREC_INFO)],
    });
    expect(r.dataset.textFields).toEqual(['title_en', 'title', 'description', 'tag']);
    expect(textOf(r, 'i1')).toEqual({
      title_en: 'Cat video',
      title: '猫',
      description: 'A cat, jumping & running',
      tag: 'pets',
    });
    expect(textOf(r, 'i3').description).toBe('Multi line');
    expect(textOf(r, 'i5')).toEqual({});
    expect(r.skipped['item-text-without-interactions']).toBe(1);
    expect(r.warnings.join('\n')).toMatch(/1 of 4 items have no text/);
  });

  it('keeps only the text columns the user chose, in their order', () => {
    const r = ingest(
      {
        interactions: [textFile('Pixel200K.csv', INTERACTIONS)],
        items: [textFile('item_info.csv', PIXELREC_INFO)],
      },
      { textFields: ['tag', 'title'] },
    );
    expect(r.dataset.textFields).toEqual(['tag', 'title']);
    expect(textOf(r, 'i2')).toEqual({ tag: 'pets', title: '狗' });
  });

  it('names the missing column of a chosen text field', () => {
    expect(() =>
      ingest(
        {
          interactions: [textFile('Pixel200K.csv', INTERACTIONS)],
          items: [textFile('item_info.csv', PIXELREC_INFO)],
        },
        { textFields: ['summary'] },
      ),
    ).toThrow(/item_info\.csv, line 1, column summary: expected the text column "summary"/);
  });
});
