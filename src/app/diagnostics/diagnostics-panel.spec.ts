import { provideRouter } from '@angular/router';
import { signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { DiagnosticsTimeline } from '../session/diagnostics-timeline';
import { SessionState } from '../session/session-state';
import { SessionSupervisor } from '../session/session-supervisor';
import { DiagnosticsPanel } from './diagnostics-panel';

describe('DiagnosticsPanel', () => {
  let fixture: ComponentFixture<DiagnosticsPanel>;
  let timeline: DiagnosticsTimeline;
  const state = signal<SessionState>({ kind: 'stopped', reason: null });

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        {
          provide: SessionSupervisor,
          useValue: { state: state.asReadonly(), clientId: 'sb-test-client' },
        },
      ],
    });
    timeline = TestBed.inject(DiagnosticsTimeline);
    fixture = TestBed.createComponent(DiagnosticsPanel);
    await fixture.whenStable();
  });

  const element = () => fixture.nativeElement as HTMLElement;

  it('lists each step newest first with duration, result, masked detail and correlation id', async () => {
    await timeline.step(
      'connection',
      'Get WebSocket URL',
      async () => 'ok',
      () => ({
        detail: 'wss://b.test/mqtt?X-Amz-Signature=abc123',
        correlationId: 'corr-1',
      }),
    );
    await expectAsync(
      timeline.step('mqtt-connect', 'MQTT connect', () =>
        Promise.reject(new Error('Socket closed')),
      ),
    ).toBeRejected();
    await fixture.whenStable();

    const rows = Array.from(element().querySelectorAll('tbody tr'));
    expect(rows.length).toBe(2);
    expect(rows[0].textContent).toContain('MQTT connect');
    expect(rows[0].textContent).toContain('failed');
    expect(rows[0].textContent).toContain('Socket closed');
    expect(rows[1].textContent).toContain('Get WebSocket URL');
    expect(rows[1].textContent).toContain('ok');
    expect(rows[1].textContent).toMatch(/\d+ ms/);
    expect(rows[1].textContent).toContain('correlation id corr-1');
    expect(rows[1].textContent).toContain('X-Amz-Signature=•••');
    expect(rows[1].textContent).not.toContain('abc123');
  });

  it('explains a failure in plain words', async () => {
    state.set({ kind: 'failed', reason: 'MQTT not authorized', advice: 'Sign in again.' });
    await fixture.whenStable();
    const alert = element().querySelector('[role=alert]')!;
    expect(alert.textContent).toContain('MQTT not authorized');
    expect(alert.textContent).toContain('Sign in again.');
    expect(element().textContent).toContain('sb-test-client');
  });
});
