import { TestBed } from '@angular/core/testing';
import { SUBSCRIPTION_COLOURS, SubscriptionColours } from './subscription-colours';

describe('SubscriptionColours', () => {
  let colours: SubscriptionColours;
  beforeEach(() => (colours = TestBed.inject(SubscriptionColours)));

  it('gives each held subscription its own colour and nothing to others', () => {
    colours.hold(['a', 'b']);
    expect(colours.colourOf('a')).toBe(SUBSCRIPTION_COLOURS[0]);
    expect(colours.colourOf('b')).toBe(SUBSCRIPTION_COLOURS[1]);
    expect(colours.colourOf('z')).toBe('transparent');
    expect(colours.colourOf(null)).toBe('transparent');
  });

  it('keeps a colour while held and reuses a freed one for the next subscription', () => {
    colours.hold(['a', 'b', 'c']);
    colours.hold(['a', 'c']);
    expect(colours.colourOf('c')).toBe(SUBSCRIPTION_COLOURS[2]);
    expect(colours.colourOf('b')).toBe('transparent');
    colours.hold(['a', 'c', 'd']);
    expect(colours.colourOf('d')).toBe(SUBSCRIPTION_COLOURS[1]);
  });

  it('cycles through the palette when more are held than it has colours', () => {
    const ids = Array.from({ length: SUBSCRIPTION_COLOURS.length + 1 }, (_, i) => `s${i}`);
    colours.hold(ids);
    expect(new Set(ids.slice(0, -1).map((id) => colours.colourOf(id))).size).toBe(
      SUBSCRIPTION_COLOURS.length,
    );
    expect(SUBSCRIPTION_COLOURS).toContain(colours.colourOf(ids[ids.length - 1]) as never);
  });
});
