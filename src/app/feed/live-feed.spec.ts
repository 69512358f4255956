import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { APP_CONFIG } from '../config/app-config';
import { LOCAL_STORAGE, MemoryStorage } from '../shared/browser-storage';
import { TEST_CONFIG } from '../testing/test-config';
import { MatButtonHarness } from '@angular/material/button/testing';
import { FRAME_SCHEDULER } from '../events/frame-scheduler';
import { LiveEvents } from '../events/live-events';
import { MessageBatcher } from '../events/message-batcher';
import { ManualFrameScheduler } from '../events/testing/manual-frame-scheduler';
import { LiveFeed } from './live-feed';

function publication(id: string, state: string, extra: Record<string, unknown> = {}) {
  return JSON.stringify({
    publicationId: id,
    subject: `/2017-09-01/endpoints/130001/calls/${id}`,
    content: {
      state,
      from: '+16135550142',
      fromName: 'Northwind',
      to: '130001',
      toName: 'Ada Lovelace',
      endpointId: '130001',
      direction: 'inbound',
      cause: 'newCall',
      timestamp: Date.UTC(2026, 11, 4, 10, 0, Number(id.slice(1))),
      ...extra,
    },
  });
}

describe('LiveFeed', () => {
  let fixture: ComponentFixture<LiveFeed>;
  let live: LiveEvents;
  let frames: ManualFrameScheduler;

  beforeEach(async () => {
    frames = new ManualFrameScheduler();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: APP_CONFIG, useValue: TEST_CONFIG },
        { provide: LOCAL_STORAGE, useValue: new MemoryStorage() },
        { provide: FRAME_SCHEDULER, useValue: frames },
      ],
    });
    fixture = TestBed.createComponent(LiveFeed);
    (fixture.nativeElement as HTMLElement).style.height = '600px';
    (fixture.nativeElement as HTMLElement).style.display = 'flex';
    document.body.appendChild(fixture.nativeElement);
    live = TestBed.inject(LiveEvents);
    await fixture.whenStable();
  });

  afterEach(() => (fixture.nativeElement as HTMLElement).remove());

  const element = () => fixture.nativeElement as HTMLElement;
  const rows = () => Array.from(element().querySelectorAll<HTMLButtonElement>('button.row'));

  async function deliver(...payloads: string[]): Promise<void> {
    const batcher = new MessageBatcher();
    for (const payload of payloads) batcher.add('sub-1', payload, Date.now());
    live.ingest(batcher.drain());
    frames.runFrame();
    await fixture.whenStable();
    // The virtual viewport measures itself after render; let it place the rows.
    await new Promise((resolve) => requestAnimationFrame(resolve));
    await fixture.whenStable();
  }

  it('invites a first subscription while empty', () => {
    expect(element().textContent).toContain('No call events yet');
  });

  it('renders one row per event, newest first, with time, state, parties, endpoint, direction, cause', async () => {
    await deliver(publication('p1', 'ringing'), publication('p2', 'connected'));
    expect(rows().length).toBe(2);
    const first = rows()[0].textContent!.replace(/\s+/g, ' ');
    expect(first).toContain('connected');
    expect(first).toContain('Northwind (+16135550142) → Ada Lovelace (130001)');
    expect(first).toContain('130001');
    expect(first).toContain('inbound');
    expect(first).toContain('newCall');
    expect(rows()[1].textContent).toContain('ringing');
    const counters = Array.from(element().querySelectorAll('.counters div'), (pair) => [
      pair.querySelector('dt')!.textContent!.trim(),
      pair.querySelector('dd')!.textContent!.trim(),
    ]);
    expect(counters).toEqual([
      ['Received', '2'],
      ['Shown', '2'],
      ['Filtered out', '0'],
      ['Duplicates', '0'],
      ['Malformed', '0'],
      ['Evicted', '0'],
    ]);
  });

  it('shows the whole publication as text when a row is clicked, never as HTML', async () => {
    const hostile = '<img src=x onerror="window.__pwned=true">';
    await deliver(publication('p1', 'ringing', { fromName: hostile }));
    rows()[0].click();
    await fixture.whenStable();
    const json = element().querySelector('pre')!;
    expect(json.textContent).toContain('"publicationId": "p1"');
    expect(json.textContent).toContain(hostile.replace(/"/g, '\\"'));
    expect(element().querySelector('img')).toBeNull();
    expect((window as unknown as Record<string, unknown>)['__pwned']).toBeUndefined();

    const loader = TestbedHarnessEnvironment.loader(fixture);
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Close' }))).click();
    expect(element().querySelector('pre')).toBeNull();
  });

  it('reports malformed messages and keeps the good ones', async () => {
    await deliver('{"nope"', publication('p3', 'held'));
    expect(rows().length).toBe(1);
    const notice = element().querySelector('.malformed')!.textContent!;
    expect(notice).toContain('1 malformed message(s) skipped');
    expect(notice).toContain('Not JSON');
  });
});
