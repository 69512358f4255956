/** MQTT 3.1.1 caps a topic filter at 65,535 bytes of UTF-8. */
const MAX_TOPIC_BYTES = 65_535;

/**
 * Checks an MQTT topic filter (MQTT 3.1.1 §4.7): `+` matches one level and must fill it, `#`
 * matches the rest and must be last and fill its level. Returns the problem in words, or
 * null when the filter is valid.
 */
export function topicFilterProblem(filter: string): string | null {
  if (filter === '') return 'Enter a topic filter, e.g. calls/# or bridge/+/media.';
  if (new TextEncoder().encode(filter).length > MAX_TOPIC_BYTES) {
    return 'A topic filter may be at most 65,535 bytes long.';
  }
  if (filter.includes('\u0000')) return 'A topic filter may not contain the null character.';
  const levels = filter.split('/');
  for (let index = 0; index < levels.length; index++) {
    const level = levels[index];
    if (level.includes('#')) {
      if (level !== '#')
        return `"#" must fill its level on its own (level ${index + 1}: "${level}").`;
      if (index !== levels.length - 1) return '"#" must be the last level of the filter.';
    }
    if (level.includes('+') && level !== '+') {
      return `"+" must fill its level on its own (level ${index + 1}: "${level}").`;
    }
  }
  return null;
}

/** Whether a concrete topic matches a (valid) filter, with MQTT's wildcard rules. */
export function topicMatches(filter: string, topic: string): boolean {
  const filterLevels = filter.split('/');
  const topicLevels = topic.split('/');
  // Topics starting with $ are not matched by a leading wildcard (MQTT 3.1.1 §4.7.2).
  if (topic.startsWith('$') && (filterLevels[0] === '#' || filterLevels[0] === '+')) return false;
  for (let index = 0; index < filterLevels.length; index++) {
    const level = filterLevels[index];
    if (level === '#') return true;
    if (index >= topicLevels.length) return false;
    if (level !== '+' && level !== topicLevels[index]) return false;
  }
  return filterLevels.length === topicLevels.length;
}

/** A broker URL the browser can open: ws:// or wss://, with a host. */
export function brokerUrlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'Enter a full URL, e.g. ws://localhost:9001/mqtt or wss://broker.example.com/mqtt.';
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    return 'A browser reaches MQTT over WebSocket: the URL must start with ws:// or wss://.';
  }
  if (parsed.username || parsed.password) {
    return 'Put the username and password in their own fields, not in the URL.';
  }
  return null;
}
