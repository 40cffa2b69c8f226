// Every kind of resource /fhir returns — metadata, each resource type by read and by search,
// transaction-response, Binary, AuditEvent and the OperationOutcomes of the errors — validates
// against the FHIR R4 JSON schema (fhir.mjs checks every response body). The assertions here
// make sure each kind is really fetched, and that the validator itself rejects what is invalid.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer } from './server.mjs';
import { AGB, BSN, REF, bsn, client, transaction, entries, failsWith, http, jsonApi, schemaErrors, seen } from './fhir.mjs';
import { consultBundle } from './consult.mjs';

const GP = 'gp1@janson.example';
const PRIVACY = 'privacy@janson.example';
// A 1×1 PNG: an attachment the server's type sniffing accepts.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

// The consult Bundle plus a Binary and a DocumentReference pointing at it.
function bundleWithPhoto(ids) {
  const bundle = consultBundle({ n: 40, ...ids });
  const request = bundle.entry[1];
  const binary = `urn:uuid:${crypto.randomUUID()}`;
  const doc = `urn:uuid:${crypto.randomUUID()}`;
  request.resource.supportingInfo = [{ reference: doc }];
  bundle.entry.push(
    { fullUrl: binary, resource: { resourceType: 'Binary', contentType: 'image/png', data: PNG }, request: { method: 'POST', url: 'Binary' } },
    {
      fullUrl: doc,
      resource: {
        resourceType: 'DocumentReference',
        status: 'current',
        subject: { reference: bundle.entry[0].fullUrl },
        content: [{ attachment: { contentType: 'image/png', url: binary, title: 'eczeem.png' } }],
        context: { related: [{ reference: request.fullUrl }] },
      },
      request: { method: 'POST', url: 'DocumentReference' },
    },
  );
  return bundle;
}

describe('FHIR R4 schema validation of every resource the server returns', () => {
  let server, gp, privacy, ids, id, patient;

  before(async () => {
    server = await startServer([GP, PRIVACY]);
    gp = client(server.url, server.tokens[GP]);
    privacy = client(server.url, server.tokens[PRIVACY]);
    const api = jsonApi(server.url, server.tokens[GP]);
    ids = { gp: (await api('/me')).id, service: (await api('/services')).items.find((x) => x.ref === 'maasstad-derma').id };
  });
  after(async () => {
    await server?.stop();
  });

  test('transaction-response: a consult with a photo (Binary + DocumentReference)', async () => {
    const res = await transaction(gp, bundleWithPhoto(ids));
    assert.equal(res.type, 'transaction-response');
    assert.equal(res.entry.length, 5);
    const sr = res.entry.find((e) => /ServiceRequest\//.test(e.response.location));
    id = /ServiceRequest\/([^/]+)/.exec(sr.response.location)[1];
    patient = (await gp.read({ resourceType: 'ServiceRequest', id })).subject.reference;
  });

  test('the validator is not vacuous: it rejects invalid resources', () => {
    assert.deepEqual(schemaErrors({ resourceType: 'Task', status: 'requested', intent: 'order' }), []);
    assert.notDeepEqual(schemaErrors({ resourceType: 'Task', status: 'waiting', intent: 'order' }), []);
    assert.notDeepEqual(schemaErrors({ resourceType: 'Patient', birthDate: '23-11-2026' }), []);
    assert.notDeepEqual(schemaErrors({ resourceType: 'Patient', colour: 'blue' }), []);
    const bundle = { resourceType: 'Bundle', type: 'searchset', entry: [{ resource: { resourceType: 'Patient', gender: 'x' } }] };
    assert.match(schemaErrors(bundle).join('\n'), /entry\[0\]\.resource\(Patient\) \.gender/);
  });

  test('metadata: a CapabilityStatement for R4 JSON listing the resources', async () => {
    const cs = await gp.capabilityStatement();
    assert.equal(cs.resourceType, 'CapabilityStatement');
    assert.match(cs.fhirVersion, /^4\.0/);
    assert.ok(cs.format.some((f) => /json/.test(f)));
    const types = cs.rest[0].resource.map((r) => r.type);
    for (const t of ['Patient', 'Practitioner', 'PractitionerRole', 'Organization', 'HealthcareService', 'ServiceRequest',
      'Task', 'Communication', 'DocumentReference', 'Binary', 'AuditEvent']) {
      assert.ok(types.includes(t), `CapabilityStatement lists ${t}`);
    }
    const task = cs.rest[0].resource.find((r) => r.type === 'Task');
    for (const p of ['status', 'owner', 'focus', 'business-status']) assert.ok(task.searchParam?.some((x) => x.name === p), `Task?${p}`);
  });

  test('directory resources: read and search by identifier', async () => {
    const byAgb = await gp.search({ resourceType: 'Practitioner', searchParams: { identifier: `${AGB}|01000001` } });
    assert.deepEqual(entries(byAgb).map((p) => p.id), [ids.gp]);
    await gp.read({ resourceType: 'Practitioner', id: ids.gp });
    const role = await gp.read({ resourceType: 'PractitionerRole', id: ids.gp });
    assert.match(role.organization?.reference ?? '', /^Organization\//);
    const orgs = await gp.search({ resourceType: 'Organization', searchParams: { identifier: `${AGB}|01234568` } });
    assert.equal(entries(orgs).length, 1);
    await gp.read({ resourceType: 'Organization', id: entries(orgs)[0].id });
    const services = await gp.search({ resourceType: 'HealthcareService', searchParams: { identifier: `${REF}|maasstad-derma` } });
    assert.deepEqual(entries(services).map((s) => s.id), [ids.service]);
    await gp.read({ resourceType: 'HealthcareService', id: ids.service });
    await gp.search({ resourceType: 'PractitionerRole', searchParams: { _count: 5 } });
  });

  test('the consult: Patient, ServiceRequest and Task by read and by search', async () => {
    const p = await gp.read({ resourceType: 'Patient', id: patient.split('/')[1] });
    assert.ok(p.identifier.some((i) => i.system === BSN && i.value === bsn(40)));
    const byBsn = await gp.search({ resourceType: 'Patient', searchParams: { identifier: `${BSN}|${bsn(40)}` } });
    assert.equal(entries(byBsn).length, 1);
    const searches = [
      { patient },
      { 'subject:identifier': `${BSN}|${bsn(40)}` },
      { status: 'active', requester: `Practitioner/${ids.gp}` },
      { performer: `HealthcareService/${ids.service}`, authored: 'ge2000-01-01' },
    ];
    for (const searchParams of searches) {
      const found = await gp.search({ resourceType: 'ServiceRequest', searchParams });
      assert.ok(entries(found).some((sr) => sr.id === id), `ServiceRequest?${new URLSearchParams(searchParams)}`);
    }
    await gp.read({ resourceType: 'Task', id });
    const tasks = await gp.search({
      resourceType: 'Task', searchParams: { focus: `ServiceRequest/${id}`, 'business-status': 'submitted', _lastUpdated: 'ge2000-01-01T00:00:00Z' },
    });
    assert.deepEqual(entries(tasks).map((t) => t.id), [id]);
  });

  test('Communication: posted, read and searched', async () => {
    const posted = await gp.create({
      resourceType: 'Communication',
      body: {
        resourceType: 'Communication',
        status: 'completed',
        basedOn: [{ reference: `ServiceRequest/${id}` }],
        partOf: [{ reference: `Task/${id}` }],
        payload: [{ contentString: 'Aanvulling: ook op de handrug.' }],
      },
    });
    assert.equal(http(posted).status, 201);
    const read = await gp.read({ resourceType: 'Communication', id: posted.id });
    assert.equal(read.payload[0].contentString, 'Aanvulling: ook op de handrug.');
    const found = await gp.search({ resourceType: 'Communication', searchParams: { 'based-on': `ServiceRequest/${id}` } });
    assert.ok(entries(found).some((c) => c.id === posted.id));
  });

  test('DocumentReference and Binary: the photo as resource and as bytes', async () => {
    const sr = await gp.read({ resourceType: 'ServiceRequest', id });
    const docRef = sr.supportingInfo?.find((r) => r.reference.startsWith('DocumentReference/'));
    assert.ok(docRef, 'the attachment is in supportingInfo');
    const doc = await gp.read({ resourceType: 'DocumentReference', id: docRef.reference.split('/')[1] });
    const att = doc.content[0].attachment;
    assert.equal(att.contentType, 'image/png');
    assert.equal(att.size, Buffer.from(PNG, 'base64').length);
    const binId = att.url.split('/').pop();
    const bin = await gp.read({ resourceType: 'Binary', id: binId });
    assert.equal(bin.contentType, 'image/png');
    assert.equal(bin.data, PNG);
    const raw = await fetch(`${server.url}/fhir/Binary/${binId}`, {
      headers: { Authorization: 'Bearer ' + server.tokens[GP], Accept: 'image/png' },
    });
    assert.equal(raw.status, 200);
    assert.deepEqual(Buffer.from(await raw.arrayBuffer()), Buffer.from(PNG, 'base64'));
  });

  test('AuditEvent: the privacy officer sees who read the patient', async () => {
    const found = await privacy.search({ resourceType: 'AuditEvent', searchParams: { patient, _count: 50 } });
    const events = entries(found);
    assert.ok(events.length >= 1, 'the reads above were audited');
    await privacy.read({ resourceType: 'AuditEvent', id: events[0].id });
    await failsWith(gp.search({ resourceType: 'AuditEvent', searchParams: { patient } }), 403);
  });

  test('errors are OperationOutcomes: 401, 404, 400, 406, 415', async () => {
    const anonymous = client(server.url, 'not-a-token');
    await failsWith(anonymous.read({ resourceType: 'Task', id }), 401);
    await failsWith(gp.read({ resourceType: 'Task', id: 'does-not-exist' }), 404);
    await failsWith(gp.search({ resourceType: 'ServiceRequest', searchParams: { bogus: '1' } }), 400);
    const xml = await fetch(`${server.url}/fhir/Task/${id}`, {
      headers: { Authorization: 'Bearer ' + server.tokens[GP], Accept: 'application/fhir+xml' },
    });
    assert.equal(xml.status, 406);
    const post = await fetch(`${server.url}/fhir/Communication`, {
      method: 'POST',
      headers: { Authorization: 'Bearer ' + server.tokens[GP], 'Content-Type': 'application/fhir+xml' },
      body: '<Communication xmlns="http://hl7.org/fhir"/>',
    });
    assert.equal(post.status, 415);
  });

  test('every /fhir response validated against the FHIR R4 schema', () => {
    assert.deepEqual(seen.failures, []);
    for (const type of ['CapabilityStatement', 'Bundle', 'Patient', 'Practitioner', 'PractitionerRole', 'Organization',
      'HealthcareService', 'ServiceRequest', 'Task', 'Communication', 'DocumentReference', 'Binary', 'AuditEvent', 'OperationOutcome']) {
      assert.ok(seen.types.has(type), `checked a ${type}`);
    }
  });
});
