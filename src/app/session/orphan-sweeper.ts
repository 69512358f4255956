import { Injectable, inject } from '@angular/core';
import { NotificationsApi } from '../cloudlink/notifications-api';
import { Subscription } from '../cloudlink/subscription';
import { DiagnosticsTimeline } from './diagnostics-timeline';
import { TabIdentity } from './tab-identity';

/**
 * Subscriptions this browser created that nobody uses any more (a crash, a killed tab, a
 * pagehide delete that never arrived) are deleted on the next start: same applicationId, a
 * deviceId this browser created, and no open tab using that client id.
 */
@Injectable({ providedIn: 'root' })
export class OrphanSweeper {
  private readonly api = inject(NotificationsApi);
  private readonly identity = inject(TabIdentity);
  private readonly timeline = inject(DiagnosticsTimeline);

  /**
   * Deletes this browser's orphans, except what `isInUse` says this tab holds now; resolves
   * with the ids deleted. Never throws.
   */
  async sweep(isInUse: (subscriptionId: string) => boolean): Promise<string[]> {
    try {
      const [subscriptions, liveTabs] = await Promise.all([
        this.api.listSubscriptions(),
        this.identity.otherTabClientIds(),
      ]);
      const orphans = findOrphans(subscriptions, {
        applicationId: this.identity.applicationId,
        ownClientId: this.identity.clientId,
        createdDevices: new Set(this.identity.createdDevices()),
        liveClientIds: liveTabs,
      });
      const deleted: string[] = [];
      for (const orphan of orphans) {
        if (isInUse(orphan.subscriptionId)) continue;
        await this.api.deleteSubscription(orphan.subscriptionId);
        deleted.push(orphan.subscriptionId);
      }
      const devicesGone = orphans
        .map((orphan) => orphan.deviceId ?? '')
        .filter((id) => id !== '' && id !== this.identity.clientId && !liveTabs.has(id));
      this.identity.forgetCreatedDevices(devicesGone);
      this.timeline.note(
        'orphan-sweep',
        'Clean up orphaned subscriptions',
        deleted.length === 0
          ? `none found among ${subscriptions.length}`
          : `deleted ${deleted.length}: ${deleted.join(', ')}`,
        'ok',
      );
      return deleted;
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      this.timeline.note('orphan-sweep', 'Clean up orphaned subscriptions', text, 'failed');
      return [];
    }
  }
}

export interface OrphanContext {
  readonly applicationId: string;
  readonly ownClientId: string;
  readonly createdDevices: ReadonlySet<string>;
  readonly liveClientIds: ReadonlySet<string>;
}

/**
 * This tab's own client id counts too: after a reload the tab has no record of what it held
 * before, so its earlier subscriptions are orphans as well.
 */
export function findOrphans(
  subscriptions: readonly Subscription[],
  context: OrphanContext,
): Subscription[] {
  return subscriptions.filter((subscription) => {
    const device = subscription.deviceId;
    if (subscription.applicationId !== context.applicationId || !device) return false;
    if (device === context.ownClientId) return true;
    return context.createdDevices.has(device) && !context.liveClientIds.has(device);
  });
}
