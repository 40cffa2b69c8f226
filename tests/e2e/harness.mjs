// Shared by the browser tests and web/scripts/budget.mjs: a real meekijk server on a free port
// with a temporary data dir and the test region imported, Debian's Chromium driven by
// playwright-core (from web/node_modules; no browser is ever downloaded), and small API helpers.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { serve } from './serve.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, '../..');
const requireWeb = createRequire(join(repo, 'web', 'package.json'));
export const { chromium } = requireWeb('playwright-core');

export const PASSWORD = 'correct horse battery';
export const users = {
  gp: 'gp1@janson.example',
  otherGp: 'gp2@vdberg.example',
  assistant: 'assistent@janson.example',
  consultant: 'derm1@maasstad.example',
  coordinator: 'coord@maasstad.example',
  otherHospital: 'derm2@ikazia.example',
  privacy: 'privacy@janson.example',
  admin: 'beheer@zorgimpuls.example',
  manager: 'manager@izer.example',
  insurer: 'declaraties@zk.example',
  desk: 'loket@zorgimpuls.example',
  thirdParty: 'wijkteam@rotterdam.example',
};

export function binary() {
  const bin = process.env.MEEKIJK_BIN;
  if (!bin) throw new Error('set MEEKIJK_BIN to the meekijk binary (CTest does)');
  return bin;
}

// Starts `meekijk serve` on 127.0.0.1:0 (serve.mjs) with the region imported into a new data dir.
export async function startServer({ region = join(here, 'region.json') } = {}) {
  const data = mkdtempSync(join(tmpdir(), 'meekijk-e2e-'));
  execFileSync(binary(), ['import', region, '--data', data], { stdio: 'pipe' });
  const server = await serve(binary(), ['--data', data], () => rmSync(data, { recursive: true, force: true }));
  return { ...server, data };
}

// playwright-core gives every launch a fresh temporary profile (user-data dir) and removes it.
export async function launchBrowser() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

// A logged-in API client (cookie + CSRF) for arranging data outside the browser.
export async function apiLogin(base, email) {
  const res = await fetch(base + '/api/v1/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
  const body = await res.json();
  const cookie = res.headers.get('set-cookie').split(';')[0];
  const call = async (method, path, json, headers = {}) => {
    const r = await fetch(base + '/api/v1' + path, {
      method,
      headers: { Cookie: cookie, 'X-CSRF-Token': body.csrf_token, ...(json !== undefined && { 'Content-Type': 'application/json' }), ...headers },
      body: json === undefined ? undefined : typeof json === 'string' || json instanceof Uint8Array ? json : JSON.stringify(json),
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
  return {
    user: body.user,
    cookie,
    csrf: body.csrf_token,
    get: (p) => call('GET', p),
    post: (p, j = {}) => call('POST', p, j),
    upload: (p, bytes, type) => call('POST', p, bytes, { 'Content-Type': type }),
  };
}

// Logs a browser page in through the login form.
export async function uiLogin(page, base, email) {
  await page.goto(base + '/login');
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForSelector('nav[aria-label="Hoofdmenu"]');
}

// Valid BSNs (11-check) for test patients.
export function bsn(n) {
  for (let k = 0; ; k++) {
    const s = String(200000000 + n * 100 + k);
    const w = [9, 8, 7, 6, 5, 4, 3, 2, -1];
    const sum = [...s].reduce((acc, d, k) => acc + w[k] * Number(d), 0);
    if (sum % 11 === 0) return s;
  }
}

export function consultBody(serviceId, n, extra = {}) {
  return {
    service_id: serviceId,
    patient: { bsn: bsn(n), name: `Patiënt ${n}`, birth_date: '1970-05-0' + ((n % 9) + 1), sex: 'female', postcode: '3083 AB' },
    question: `Vraag ${n}: eczeem of psoriasis?`,
    clinical_context: 'Sinds 3 maanden, hydrocortison zonder effect.',
    patient_narrative: 'Het jeukt vooral s nachts.',
    urgency: 'routine',
    intended_referral: 'yes',
    patient_informed: true,
    ...extra,
  };
}

// A small valid PNG (an RGB gradient), so the browser can really decode the preview.
export function png(width = 64, height = 48) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0;
    for (let x = 0; x < width; x++) {
      const o = y * (width * 3 + 1) + 1 + x * 3;
      raw[o] = 200 + (x % 55);
      raw[o + 1] = 120 + ((x + y) % 80);
      raw[o + 2] = 110 + (y % 60);
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// A JPEG-typed file of `bytes` bytes (JFIF header, then filler) for the upload budget.
export function bigJpeg(bytes) {
  const buf = Buffer.alloc(bytes, 0x55);
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]).copy(buf);
  buf[bytes - 2] = 0xff;
  buf[bytes - 1] = 0xd9;
  return buf;
}

export async function serviceByRef(client, ref) {
  const { items } = await client.get('/services');
  const s = items.find((x) => x.ref === ref);
  if (!s) throw new Error('no service ' + ref);
  return s;
}
