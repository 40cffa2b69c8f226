// node scripts/precompress.mjs DIR — writes FILE.gz next to every compressible file in DIR
// (level 9) when it is smaller, so the server sends gzip without compressing per request.
// The output dir comes from MEEKIJK_WEB_OUT (make's build tree) when set.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, constants } from 'node:zlib';

const dir = process.env.MEEKIJK_WEB_OUT || process.argv[2] || 'dist';
const compressible = /\.(html|js|mjs|css|svg|json|txt|map|webmanifest)$/;

function walk(d) {
  return readdirSync(d).flatMap((name) => {
    const p = join(d, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

for (const file of walk(dir)) {
  if (!compressible.test(file)) continue;
  const raw = readFileSync(file);
  const gz = gzipSync(raw, { level: constants.Z_BEST_COMPRESSION });
  if (gz.length < raw.length) writeFileSync(file + '.gz', gz);
}
