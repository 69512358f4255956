import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { ActiveSubscription } from '../session/subscription-ledger';
import { SubscriptionList } from './subscription-list';

function active(id: string, subjectFilter: string): ActiveSubscription {
  return {
    subscription: { subscriptionId: id, topic: 'platform-api-media', subjectFilter },
    createdAt: 0,
    isOwned: true,
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
});
