#!/usr/bin/env node
// The web app's budgets (issue 4), measured and printed:
//   1. initial JavaScript, gzipped: the entry script and its modulepreloads in index.html;
//   2. the GP inbox with 50 consults interactive in headless Chromium: navigation start → 50
//      rows rendered and the "Meer laden" button clickable, cold (empty cache) and warm;
//   3. a 10 MB photo uploaded from the consult page through the real server, with the
//      progress bar's intermediate values counted.
// Usage: node web/scripts/budget.mjs [--bin build/meekijk] [--dist build/src/web/dist] [--json]
// Exit code 1 when a budget is exceeded.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const bin = resolve(arg('--bin', process.env.MEEKIJK_BIN ?? join(repo, 'build', 'meekijk')));
process.env.MEEKIJK_BIN = bin;
const dist = resolve(arg('--dist', join(dirname(bin), 'src', 'web', 'dist')));
const BUDGET = { initialJsKb: 200, inboxMs: 1000 };

function initialJs() {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const files = [
    ...html.matchAll(/<script[^>]+src="\/([^"]+)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\/([^"]+)"/g),
  ].map((m) => m[1]);
  let gz = 0, raw = 0;
  for (const f of files) {
    const body = readFileSync(join(dist, f));
    raw += body.length;
    gz += existsSync(join(dist, f + '.gz')) ? readFileSync(join(dist, f + '.gz')).length : gzipSync(body, { level: 9 }).length;
  }
  const css = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="\/([^"]+)"/g)].map((m) => m[1]);
  const cssGz = css.reduce((s, f) => s + (existsSync(join(dist, f + '.gz')) ? readFileSync(join(dist, f + '.gz')).length : 0), 0);
  return { files, rawKb: raw / 1024, gzKb: gz / 1024, cssGzKb: cssGz / 1024 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function browserFigures() {
  const h = await import(join(repo, 'tests', 'e2e', 'harness.mjs'));
  const server = await h.startServer();
  const chrome = await h.launchBrowser();
  try {
    const gp = await h.apiLogin(server.url, h.users.gp);
    const derma = await h.serviceByRef(gp, 'maasstad-derma');
    for (let i = 0; i < 60; i++) await gp.post('/consults', h.consultBody(derma.id, 100 + i));
    const origin = new URL(server.url);
    const [name, value] = gp.cookie.split('=');

    // Inbox: fresh context per cold run (empty HTTP cache), then a warm reload in the same one.
    const cold = [], warm = [];
    for (let run = 0; run < 5; run++) {
      const ctx = await chrome.browser.newContext({ viewport: { width: 1280, height: 900 } });
      await ctx.addCookies([{ name, value, domain: origin.hostname, path: '/', httpOnly: true, sameSite: 'Strict' }]);
      await ctx.addInitScript((csrf) => localStorage.setItem('mk.csrf', csrf), gp.csrf);
      const page = await ctx.newPage();
      for (const list of [cold, warm]) {
        await page.goto(server.url + '/inbox', { waitUntil: 'commit' });
        await page.waitForFunction(() => document.querySelectorAll('[data-consult-id]').length === 50);
        const more = page.getByRole('button', { name: 'Meer laden' });
        await more.click({ trial: true }); // visible, enabled, stable, receives events
        list.push(await page.evaluate(() => performance.now()));
      }
      await ctx.close();
    }

    const target = (await gp.get('/consults?box=practice&limit=1')).items[0];
    const upload = async (uplinkMbit) => {
    // Upload: a 10 MB JPEG from the consult page, progress sampled every animation frame.
    const ctx = await chrome.browser.newContext({ viewport: { width: 1280, height: 900 } });
    await ctx.addCookies([{ name, value, domain: origin.hostname, path: '/', httpOnly: true, sameSite: 'Strict' }]);
    await ctx.addInitScript((csrf) => localStorage.setItem('mk.csrf', csrf), gp.csrf);
    const page = await ctx.newPage();
    if (uplinkMbit) {
      // A phone on 4G: the uplink throttled in the browser (Chrome DevTools Protocol).
      const cdp = await ctx.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false, latency: 40, downloadThroughput: -1, uploadThroughput: (uplinkMbit * 1e6) / 8,
      });
    }
    await page.goto(`${server.url}/consults/${target.id}`);
    await page.getByTestId('consult').waitFor();
    await page.evaluate(() => {
      const seen = new Set();
      window.__progress = seen;
      const tick = () => {
        const p = document.querySelector('[data-testid="upload-progress"]');
        if (p) seen.add(Number(p.value));
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    // The file is picked from disk, as a phone or desktop would (no buffer through the driver).
    const size = 10 * 1024 * 1024;
    const dir = mkdtempSync(join(tmpdir(), 'meekijk-budget-'));
    const file = join(dir, 'groot.jpg');
    writeFileSync(file, h.bigJpeg(size));
    const t0 = Date.now();
    await page.getByTestId('photo-input').setInputFiles(file);
    await page.getByTestId('attachment-image').nth(uplinkMbit ? 1 : 0).waitFor({ timeout: 120_000 });
    const seconds = (Date.now() - t0) / 1000;
    rmSync(dir, { recursive: true, force: true });
    // The upload request alone: request start → response end of the XHR (Resource Timing).
    const xhrMs = await page.evaluate(() =>
      performance.getEntriesByType('resource').filter((e) => e.name.includes('/attachments?')).map((e) => e.responseEnd - e.startTime)[0]);
    const values = await page.evaluate(() => [...window.__progress].sort((a, b) => a - b));
    await ctx.close();
    return { seconds, xhrMs, MBps: size / 1024 / 1024 / (xhrMs / 1000), values };
    };
    const local = await upload(0);
    const phone = await upload(40);
    return { inboxColdMs: median(cold), inboxWarmMs: median(warm), inboxRuns: { cold, warm }, upload: local, upload4g: phone };
  } finally {
    await chrome.close();
    await server.stop();
  }
}

const js = initialJs();
const b = await browserFigures();
const steps = b.upload4g.values.filter((v) => v > 0 && v < 100).length;
const ok = js.gzKb <= BUDGET.initialJsKb && b.inboxColdMs <= BUDGET.inboxMs && steps >= 3;
if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ initialJs: js, ...b, ok }, null, 2));
} else {
  const f = (x) => x.toFixed(1);
  console.log(`initial JavaScript (gzip)      ${f(js.gzKb)} KB  (raw ${f(js.rawKb)} KB; CSS gzip ${f(js.cssGzKb)} KB)   budget ≤ ${BUDGET.initialJsKb} KB`);
  console.log(`inbox, 50 consults interactive cold ${b.inboxColdMs.toFixed(0)} ms, warm ${b.inboxWarmMs.toFixed(0)} ms (median of 5)   budget ≤ ${BUDGET.inboxMs} ms`);
  console.log(`10 MB photo upload, loopback   request ${b.upload.xhrMs.toFixed(0)} ms = ${f(b.upload.MBps)} MB/s; pick → shown in the thread ${f(b.upload.seconds)} s`);
  console.log(`10 MB photo upload, 40 Mbit/s  request ${f(b.upload4g.xhrMs / 1000)} s = ${f(b.upload4g.MBps)} MB/s; progress bar showed ${steps} steps between 0 and 100 %`);
  console.log(ok ? 'budgets: met' : 'budgets: EXCEEDED');
}
process.exit(ok ? 0 : 1);
