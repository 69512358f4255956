import { ComponentFixture, TestBed } from '@angular/core/testing';
import { SessionState } from './session-state';
import { SessionStatus } from './session-status';

describe('SessionStatus', () => {
  let fixture: ComponentFixture<SessionStatus>;

  beforeEach(async () => {
    jasmine.clock().install();
    jasmine.clock().mockDate(new Date('2026-12-04T10:00:00Z'));
    fixture = TestBed.createComponent(SessionStatus);
    fixture.componentRef.setInput('state', {
      kind: 'stopped',
      reason: null,
    } satisfies SessionState);
    await fixture.whenStable();
  });

  afterEach(() => jasmine.clock().uninstall());

  const text = () =>
    (fixture.nativeElement as HTMLElement).textContent?.replace(/\s+/g, ' ').trim();

  it('is a polite live region with a name', () => {
    const host = fixture.nativeElement as HTMLElement;
    expect(host.getAttribute('role')).toBe('status');
    expect(host.getAttribute('aria-live')).toBe('polite');
    expect(host.getAttribute('aria-label')).toBe('Session status');
  });

  const cases: { state: SessionState; shows: string; tone: string }[] = [
    { state: { kind: 'stopped', reason: null }, shows: 'Stopped', tone: 'idle' },
    { state: { kind: 'connecting', attempt: 1 }, shows: 'Connecting', tone: 'busy' },
    { state: { kind: 'live', since: 0 }, shows: 'Live', tone: 'good' },
    {
      state: { kind: 'failed', reason: 'MQTT not authorized', advice: 'Sign in again.' },
      shows: 'Failed: MQTT not authorized Sign in again.',
      tone: 'bad',
    },
  ];
  for (const { state: value, shows, tone } of cases) {
    it(`shows "${shows}" for ${value.kind}`, async () => {
      fixture.componentRef.setInput('state', value);
      await fixture.whenStable();
      expect(text()).toBe(shows);
      expect((fixture.nativeElement as HTMLElement).dataset['tone']).toBe(tone);
    });
  }

  it('counts down to the next reconnect attempt', async () => {
    fixture.componentRef.setInput('state', {
      kind: 'reconnecting',
      attempt: 3,
      nextAt: Date.now() + 5000,
      lastError: 'Ping timed out',
    });
    await fixture.whenStable();
    expect(text()).toBe('Reconnecting attempt 3, next in 5s · Ping timed out');
    jasmine.clock().tick(2000);
    await fixture.whenStable();
    expect(text()).toBe('Reconnecting attempt 3, next in 3s · Ping timed out');
  });
});
