// The real meekijk binary for the FHIR conformance tests: a server on 127.0.0.1:0 with the e2e
// test region imported (tests/e2e/region.json) and a bearer token per user, on SQLite (a
// temporary data dir) or on PostgreSQL (a database of its own on the throwaway server of the
// ctest `pg` fixture).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../e2e/serve.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const region = resolve(here, '../e2e/region.json');

function binary() {
  const bin = process.env.MEEKIJK_BIN;
  if (!bin) throw new Error('set MEEKIJK_BIN to the meekijk binary (CTest does)');
  return bin;
}

// MEEKIJK_TEST_BACKEND=postgres takes the server URL (…/postgres) from MEEKIJK_TEST_PG_URL or
// the file MEEKIJK_TEST_PG_URL_FILE names, as tests/api/harness.cpp does.
function pgServerUrl() {
  if (process.env.MEEKIJK_TEST_PG_URL) return process.env.MEEKIJK_TEST_PG_URL;
  const file = process.env.MEEKIJK_TEST_PG_URL_FILE;
  if (!file) throw new Error('MEEKIJK_TEST_BACKEND=postgres but neither MEEKIJK_TEST_PG_URL nor MEEKIJK_TEST_PG_URL_FILE is set');
  const url = readFileSync(file, 'utf8').split('\n')[0].trim();
  if (!url) throw new Error(`${file} is empty: did pg_server_start fail?`);
  return url;
}

function withDatabase(serverUrl, db) {
  const u = new URL(serverUrl);
  u.pathname = '/' + db;
  return u.toString();
}

// A fresh database per test file, dropped again by stop().
function createDatabase() {
  const server = pgServerUrl();
  const db = `mk_fhir_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
  execFileSync('psql', [server, '-qXv', 'ON_ERROR_STOP=1', '-c', `CREATE DATABASE ${db}`], { stdio: 'pipe' });
  return {
    url: withDatabase(server, db),
    drop: () => execFileSync('psql', [server, '-qXc', `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`], { stdio: 'pipe' }),
  };
}

// The options that open the store: --data always (attachments, caches), --db on PostgreSQL.
function storeArgs(data, db) {
  return db ? ['--data', data, '--db', db.url] : ['--data', data];
}

// Starts `meekijk serve` (tests/e2e/serve.mjs); tokens maps e-mail → bearer token.
export async function startServer(emails) {
  const data = mkdtempSync(join(tmpdir(), 'meekijk-fhir-'));
  const db = process.env.MEEKIJK_TEST_BACKEND === 'postgres' ? createDatabase() : null;
  const store = storeArgs(data, db);
  execFileSync(binary(), ['import', region, ...store], { stdio: 'pipe' });
  const tokens = {};
  for (const email of emails) {
    tokens[email] = execFileSync(binary(), ['token', 'create', '--email', email, '--label', 'fhir-test', ...store], {
      encoding: 'utf8',
    }).trim();
  }
  const server = await serve(binary(), store, () => {
    rmSync(data, { recursive: true, force: true });
    db?.drop();
  });
  return { ...server, tokens };
}
