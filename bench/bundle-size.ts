import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

// The initial bundle as transferred: every script, module preload and stylesheet that
// index.html names (what the browser fetches before the app can start), each gzipped on its
// own at level 9, as a static server with precompression would send it. Brotli (quality
// 11) is reported beside it: that is what `ng build` calls "Estimated transfer size", and
// why its figure is lower. Lazy chunks and the worker are not initial; index.html itself
// (with its inlined critical CSS) is reported beside the total, not in it.

export const GZIP_LEVEL = 9;

export interface BundleFile {
  file: string;
  kind: 'js' | 'css';
  rawBytes: number;
  gzipBytes: number;
  brotliBytes: number;
}

export interface BundleSize {
  files: BundleFile[];
  rawBytes: number;
  gzipBytes: number;
  brotliBytes: number;
  indexHtmlGzipBytes: number;
  gzipLevel: number;
}

const REFERENCES = [
  { kind: 'js', pattern: /<script\b[^>]*\bsrc="([^"]+)"/g },
  { kind: 'js', pattern: /<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g },
  { kind: 'css', pattern: /<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"/g },
] as const;

function gzipSize(content: Buffer): number {
  return gzipSync(content, { level: GZIP_LEVEL, memLevel: constants.Z_MAX_MEMLEVEL }).length;
}

function brotliSize(content: Buffer): number {
  return brotliCompressSync(content, {
    params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY },
  }).length;
}

export async function measureBundle(dist: string): Promise<BundleSize> {
  const indexHtml = await readFile(join(dist, 'index.html'));
  const html = indexHtml.toString('utf8');
  const named = new Map<string, 'js' | 'css'>();
  for (const { kind, pattern } of REFERENCES) {
    for (const match of html.matchAll(pattern)) {
      const file = match[1];
      // Only files of this build; an absolute URL would be someone else's CDN.
      if (file && !/^[a-z]+:\/\//i.test(file)) named.set(file.replace(/^\//, ''), kind);
    }
  }
  if (named.size === 0) throw new Error(`${dist}/index.html names no script or stylesheet`);
  const files: BundleFile[] = [];
  for (const [file, kind] of named) {
    const content = await readFile(join(dist, file));
    files.push({
      file,
      kind,
      rawBytes: content.length,
      gzipBytes: gzipSize(content),
      brotliBytes: brotliSize(content),
    });
  }
  return {
    files,
    rawBytes: files.reduce((sum, f) => sum + f.rawBytes, 0),
    gzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0),
    brotliBytes: files.reduce((sum, f) => sum + f.brotliBytes, 0),
    indexHtmlGzipBytes: gzipSize(indexHtml),
    gzipLevel: GZIP_LEVEL,
  };
}
