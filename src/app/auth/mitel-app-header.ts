/**
 * The X-Mitel-App header CloudLink expects on every call:
 * `<name>/<version>;platform=<browser>/<version>;session=<session-id>;`
 */
export function mitelAppHeader(
  appName: string,
  appVersion: string,
  userAgent: string,
  sessionId: string,
): string {
  return `${token(appName)}/${token(appVersion)};platform=${browserOf(userAgent)};session=${token(sessionId)};`;
}

/** The browser's product and major version, e.g. `Chrome/156`, from a user agent string. */
export function browserOf(userAgent: string): string {
  const patterns: [RegExp, string][] = [
    [/Edg\/(\d+)/, 'Edge'],
    [/Firefox\/(\d+)/, 'Firefox'],
    [/(?:HeadlessChrome|Chrome|Chromium)\/(\d+)/, 'Chrome'],
    [/Version\/(\d+)\S*(?: \S+)* Safari\//, 'Safari'],
  ];
  for (const [pattern, name] of patterns) {
    const match = pattern.exec(userAgent);
    if (match) return `${name}/${match[1]}`;
  }
  return 'unknown/0';
}

/** Header values may not carry the separators this header uses. */
function token(value: string): string {
  return value.replace(/[;/\s]+/g, '-');
}
