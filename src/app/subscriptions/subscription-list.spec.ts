import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { ActiveSubscription } from '../session/subscription-ledger';
import { SubscriptionActivityView } from './subscription-activity';
import { SubscriptionList } from './subscription-list';

function active(id: string, subjectFilter: string, isOwned = true): ActiveSubscription {
  return {
    subscription: { subscriptionId: id, topic: 'platform-api-media', subjectFilter },
    createdAt: 0,
    isOwned,
  };
}

function activity(change: Partial<SubscriptionActivityView> = {}): SubscriptionActivityView {
  return {
    colour: '#1e88e5',
    received: 0,
    rate: 0,
    isPaused: false,
    heldWhilePaused: 0,
    ...change,
  };
}

describe('SubscriptionList', () => {
  let fixture: ComponentFixture<SubscriptionList>;

  beforeEach(async () => {
    fixture = TestBed.createComponent(SubscriptionList);
    fixture.componentRef.setInput('subscriptions', []);
    await fixture.whenStable();
  });

  it('says there are none yet', () => {
    expect(fixture.nativeElement.textContent).toContain('None yet');
  });

  it('lists each subscription with its event count and a Delete that emits its id', async () => {
    fixture.componentRef.setInput('subscriptions', [
      active('a1', '/2017-09-01/endpoints/130001/calls'),
      active('b2', '/2017-09-01/endpoints/'),
    ]);
    fixture.componentRef.setInput('counts', new Map([['b2', 12]]));
    await fixture.whenStable();
    const items = fixture.nativeElement.querySelectorAll('li');
    expect(items.length).toBe(2);
    expect(items[0].textContent).toContain('0 events');
    expect(items[1].textContent).toContain('12 events');

    const deleted: string[] = [];
    fixture.componentInstance.deleted.subscribe((id) => deleted.push(id));
    const loader = TestbedHarnessEnvironment.loader(fixture);
    const buttons = await loader.getAllHarnesses(MatButtonHarness.with({ text: 'Delete' }));
    await buttons[1].click();
    expect(deleted).toEqual(['b2']);
  });

  it('disables Delete while that subscription is being deleted', async () => {
    fixture.componentRef.setInput('subscriptions', [active('a1', '/x/'), active('b2', '/y/')]);
    fixture.componentRef.setInput('deleting', ['a1']);
    await fixture.whenStable();
    const loader = TestbedHarnessEnvironment.loader(fixture);
    const buttons = await loader.getAllHarnesses(MatButtonHarness.with({ text: 'Delete' }));
    expect(await Promise.all(buttons.map((button) => button.isDisabled()))).toEqual([true, false]);
  });

  it('shows colour, count, rate and owner; Pause, Resume and Edit emit', async () => {
    const a1 = active('a1', '/x/');
    const b2 = active('b2', '/y/', false);
    fixture.componentRef.setInput('subscriptions', [a1, b2]);
    fixture.componentRef.setInput(
      'activity',
      new Map([
        ['a1', activity({ colour: '#e53935', received: 40, rate: 2.5 })],
        ['b2', activity({ received: 7, isPaused: true, heldWhilePaused: 3 })],
      ]),
    );
    await fixture.whenStable();
    const items = fixture.nativeElement.querySelectorAll('li');
    expect(items[0].textContent).toContain('40 events');
    expect(items[0].textContent).toContain('2.5/s');
    expect(items[0].textContent).toContain('created by this tab');
    expect(items[0].querySelector('.tag').style.background).toBe('rgb(229, 57, 53)');
    expect(items[1].textContent).toContain('attached');
    expect(items[1].textContent).toContain('paused, 3 held');

    const events: string[] = [];
    fixture.componentInstance.paused.subscribe((id) => events.push(`pause ${id}`));
    fixture.componentInstance.resumed.subscribe((id) => events.push(`resume ${id}`));
    fixture.componentInstance.edited.subscribe((item) =>
      events.push(`edit ${item.subscription.subscriptionId}`),
    );
    const loader = TestbedHarnessEnvironment.loader(fixture);
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Pause' }))).click();
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Resume' }))).click();
    await (await loader.getAllHarnesses(MatButtonHarness.with({ text: 'Edit' })))[1].click();
    expect(events).toEqual(['pause a1', 'resume b2', 'edit b2']);
  });

  it('offers "Delete all mine" counting only the subscriptions this tab created, after a confirm', async () => {
    const loader = TestbedHarnessEnvironment.loader(fixture);
    fixture.componentRef.setInput('subscriptions', [
      active('a1', '/x/'),
      active('b2', '/y/', false),
    ]);
    await fixture.whenStable();
    expect(
      await loader.getAllHarnesses(MatButtonHarness.with({ text: /Delete all mine/ })),
    ).toEqual([]);

    fixture.componentRef.setInput('subscriptions', [
      active('a1', '/x/'),
      active('b2', '/y/', false),
      active('c3', '/z/'),
    ]);
    await fixture.whenStable();
    let emitted = 0;
    fixture.componentInstance.deletedAllMine.subscribe(() => emitted++);
    const button = await loader.getHarness(MatButtonHarness.with({ text: /Delete all mine/ }));
    expect(await button.getText()).toBe('Delete all mine (2)');
    await button.click();
    expect(emitted).toBe(0);
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Keep' }))).click();
    expect(emitted).toBe(0);
    await (await loader.getHarness(MatButtonHarness.with({ text: /Delete all mine/ }))).click();
    expect(fixture.nativeElement.textContent).toContain('Delete 2 subscriptions?');
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Delete them' }))).click();
    expect(emitted).toBe(1);
  });
});
