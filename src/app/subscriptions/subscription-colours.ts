import { Injectable, signal } from '@angular/core';

/** Colours that tag a subscription's events in the feed; readable on light and dark. */
export const SUBSCRIPTION_COLOURS = [
  '#1e88e5',
  '#e53935',
  '#43a047',
  '#fb8c00',
  '#8e24aa',
  '#00897b',
  '#d81b60',
  '#6d4c41',
] as const;

const NO_COLOUR = 'transparent';

/**
 * One colour per held subscription, the same in the manager's list and on the feed's rows.
 * A new subscription takes the first free colour; it keeps it while held.
 */
@Injectable({ providedIn: 'root' })
export class SubscriptionColours {
  private readonly assigned = signal<ReadonlyMap<string, string>>(new Map());

  /** Keeps the colour of each of these ids, gives new ones a colour, frees the rest. */
  hold(ids: readonly string[]): void {
    const current = this.assigned();
    const next = new Map<string, string>();
    for (const id of ids) {
      const colour = current.get(id);
      if (colour) next.set(id, colour);
    }
    for (const id of ids) {
      if (next.has(id)) continue;
      const used = new Set(next.values());
      next.set(
        id,
        SUBSCRIPTION_COLOURS.find((colour) => !used.has(colour)) ??
          SUBSCRIPTION_COLOURS[next.size % SUBSCRIPTION_COLOURS.length],
      );
    }
    const unchanged =
      next.size === current.size && [...next].every(([id, colour]) => current.get(id) === colour);
    if (!unchanged) this.assigned.set(next);
  }

  /** Gives a held subscription this colour (Edit: the replacement keeps the old one's). */
  assign(subscriptionId: string, colour: string): void {
    if (!this.assigned().has(subscriptionId) || colour === NO_COLOUR) return;
    this.assigned.update((assigned) => new Map(assigned).set(subscriptionId, colour));
  }

  /** The colour of a held subscription; transparent for anything else. */
  colourOf(subscriptionId: string | null): string {
    return (subscriptionId !== null && this.assigned().get(subscriptionId)) || NO_COLOUR;
  }
}
