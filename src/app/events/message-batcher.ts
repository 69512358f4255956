import { CallEvent, MalformedMessage, MessageBatch } from './call-event';
import { parseMessage } from './publication-parser';

/**
 * Parses MQTT payloads as they arrive and collects them into one batch until drained. Runs
 * wherever the transport runs: in the ingest worker, or on the page.
 */
export class MessageBatcher {
  private events: CallEvent[] = [];
  private malformed: MalformedMessage[] = [];
  private perTopic = new Map<string, number>();

  get isEmpty(): boolean {
    return this.events.length === 0 && this.malformed.length === 0;
  }

  add(topic: string, payload: string, receivedAt: number): void {
    const parsed = parseMessage(payload, topic, receivedAt);
    for (const event of parsed.events) this.events.push(event);
    for (const item of parsed.malformed) this.malformed.push(item);
    const count = parsed.events.length + parsed.malformed.length;
    this.perTopic.set(topic, (this.perTopic.get(topic) ?? 0) + count);
  }

  drain(): MessageBatch {
    const batch: MessageBatch = {
      events: this.events,
      malformed: this.malformed,
      perTopic: [...this.perTopic],
    };
    this.events = [];
    this.malformed = [];
    this.perTopic = new Map();
    return batch;
  }
}
