import { ComponentFixture, TestBed } from '@angular/core/testing';
import { RateSparkline, sparklinePoints } from './rate-sparkline';

/** The points attribute as [x, y] pairs. */
function pairs(points: string): number[][] {
  return points.split(' ').map((point) => point.split(',').map(Number));
}

describe('sparklinePoints', () => {
  const cases: { name: string; series: number[]; points: string }[] = [
    { name: 'an empty series', series: [], points: '' },
    { name: 'one value', series: [5], points: '0.0,1.0' },
    { name: 'one zero', series: [0], points: '0.0,23.0' },
    { name: 'a flat zero series', series: [0, 0, 0], points: '0.0,23.0 60.0,23.0 120.0,23.0' },
    { name: 'a rising series', series: [0, 5, 10], points: '0.0,23.0 60.0,12.0 120.0,1.0' },
    { name: 'a peak in the middle', series: [2, 8, 4], points: '0.0,17.5 60.0,1.0 120.0,12.0' },
    {
      name: 'a quiet series, drawn against a peak of one',
      series: [0, 0.5],
      points: '0.0,23.0 120.0,12.0',
    },
    {
      name: 'values up to one, drawn against a peak of one',
      series: [0.5, 1],
      points: '0.0,12.0 120.0,1.0',
    },
    {
      name: 'five values',
      series: [0, 1, 2, 3, 4],
      points: '0.0,23.0 30.0,17.5 60.0,12.0 90.0,6.5 120.0,1.0',
    },
  ];
  for (const c of cases) {
    it(`draws ${c.name}`, () => {
      expect(sparklinePoints(c.series, 120, 24)).toBe(c.points);
    });
  }

  it('scales to the width and height it is given', () => {
    expect(sparklinePoints([0, 3], 40, 10)).toBe('0.0,9.0 40.0,1.0');
  });

  it('spreads 300 seconds across the width, the peak on top and zeros on the bottom line', () => {
    const series = Array.from({ length: 300 }, (_, index) => (index === 120 ? 42 : index % 3));
    const points = pairs(sparklinePoints(series, 120, 24));
    expect(points.length).toBe(300);
    expect(points[0][0]).toBe(0);
    expect(points[299][0]).toBe(120);
    expect(points[120][1]).toBe(1);
    expect(points[0][1]).toBe(23);
    for (const [x, y] of points) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(120);
      expect(y).toBeGreaterThanOrEqual(1);
      expect(y).toBeLessThanOrEqual(23);
    }
    const xs = points.map(([x]) => x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
  });
});

describe('RateSparkline', () => {
  let fixture: ComponentFixture<RateSparkline>;

  beforeEach(() => {
    fixture = TestBed.createComponent(RateSparkline);
  });

  function svg(): SVGElement {
    return (fixture.nativeElement as HTMLElement).querySelector('svg[role="img"]')!;
  }

  function nowText(): string {
    return (fixture.nativeElement as HTMLElement).textContent!.trim();
  }

  it('states the last complete second and the peak in its label', async () => {
    const series = Array.from({ length: 300 }, (_, index): number => (index === 40 ? 42.4 : 3));
    series[298] = 7;
    series[299] = 1;
    fixture.componentRef.setInput('series', series);
    await fixture.whenStable();

    expect(svg().getAttribute('aria-label')).toBe(
      'Events per second over the last 5 minutes: now 7, peak 42',
    );
    expect(nowText()).toBe('7/s');
    expect(svg().querySelector('polyline')!.getAttribute('points')).toBe(
      sparklinePoints(series, 120, 24),
    );
  });

  it('follows a new series', async () => {
    fixture.componentRef.setInput('series', [0, 0, 0]);
    await fixture.whenStable();
    expect(svg().getAttribute('aria-label')).toContain('now 0, peak 0');

    const busier = Array.from({ length: 120 }, () => 0);
    busier[50] = 12.6;
    busier[118] = 4.5;
    fixture.componentRef.setInput('series', busier);
    await fixture.whenStable();
    expect(svg().getAttribute('aria-label')).toBe(
      'Events per second over the last 2 minutes: now 5, peak 13',
    );
    expect(nowText()).toBe('5/s');
  });

  it('reads a one-value series as now', async () => {
    fixture.componentRef.setInput('series', [9]);
    await fixture.whenStable();
    expect(svg().getAttribute('aria-label')).toContain('now 9, peak 9');
  });
});
