import { describe, expect, it } from 'vitest';
import { galleryMoreButtons, misclassifiedCaption } from './gallery';

const names = ['actions-and-outcomes', 'devices-and-sensors', 'long-class-name-three'];

describe('misclassifiedCaption', () => {
  it('splits the caption into the true class, the predicted class and the confidence', () => {
    const caption = misclassifiedCaption(
      { file: '/data/actions-and-outcomes/img_001.png', label: 0, predicted: 1, probabilities: [0.4, 0.434, 0.166] },
      names,
    );
    expect(caption).toEqual({
      actual: 'actions-and-outcomes',
      predicted: 'devices-and-sensors',
      confidence: '43 %',
      title: 'actions-and-outcomes → devices-and-sensors (43 %)\n/data/actions-and-outcomes/img_001.png',
    });
  });

  it('names a class the report has no name for by its index', () => {
    const caption = misclassifiedCaption({ file: 'a.png', label: 7, predicted: 2, probabilities: [] }, names);
    expect(caption.actual).toBe('class 7');
    expect(caption.predicted).toBe('long-class-name-three');
    expect(caption.confidence).toBe('0 %');
  });
});

describe('galleryMoreButtons', () => {
  it('offers nothing when every image is shown', () => {
    expect(galleryMoreButtons(40, 40, 40)).toEqual([]);
    expect(galleryMoreButtons(40, 12, 40)).toEqual([]);
  });

  it('offers the rest in one step when it fits a page', () => {
    expect(galleryMoreButtons(40, 45, 40)).toEqual([{ label: 'Show 5 more', shown: 45 }]);
    expect(galleryMoreButtons(40, 41, 40)).toEqual([{ label: 'Show 1 more', shown: 41 }]);
  });

  it('offers the next page and all of them when more than a page is hidden', () => {
    expect(galleryMoreButtons(40, 200, 40)).toEqual([
      { label: 'Show 40 more', shown: 80 },
      { label: 'Show all 200', shown: 200 },
    ]);
  });
});
