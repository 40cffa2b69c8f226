// Issue 7's scenario through an independent FHIR client (fhir-kit-client): a GP system creates a
// consult as a transaction Bundle, the hospital pulls it from its worklist, the consultant
// accepts and answers by updating the Task, the GP system reads the advice and closes the
// consult — while the JSON API shows the same consult. Every /fhir response on the way is
// validated against the FHIR R4 JSON schema (fhir.mjs).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer } from './server.mjs';
import {
  CONSULT_REF, CONSULT_STATUS, MESSAGE_KIND, client, entries, transaction, failsWith, http, idOf, jsonApi, outputOf, seen,
} from './fhir.mjs';
import { GP_SYSTEM, consultBundle, moved, output, serviceRequest } from './consult.mjs';

const GP = 'gp1@janson.example';
const OTHER_GP = 'gp2@vdberg.example';
const CONSULTANT = 'derm1@maasstad.example';
const ADVICE = 'Past bij eczeem: hydrocortison 1% twee weken, daarna evalueren.';

// The id in a Location (relative or absolute, with or without _history/{version}).
function located(location, resourceType) {
  const m = new RegExp(`(?:^|/)${resourceType}/([A-Za-z0-9\\-.]{1,64})(?:/_history/\\d+)?$`).exec(location ?? '');
  assert.ok(m, `a ${resourceType} location: ${location}`);
  return m[1];
}

describe('FHIR consult scenario', () => {
  let server, gp, hospital, otherGp, ids;
  const s = {};  // what the steps pass on

  before(async () => {
    server = await startServer([GP, OTHER_GP, CONSULTANT]);
    gp = client(server.url, server.tokens[GP]);
    hospital = client(server.url, server.tokens[CONSULTANT]);
    otherGp = client(server.url, server.tokens[OTHER_GP]);
    const api = jsonApi(server.url, server.tokens[GP]);
    const services = (await api('/services')).items;
    ids = {
      gp: (await api('/me')).id,
      consultant: (await jsonApi(server.url, server.tokens[CONSULTANT])('/me')).id,
      service: services.find((x) => x.ref === 'maasstad-derma').id,
    };
  });
  after(async () => {
    await server?.stop();
  });

  test('the GP system creates a consult as a transaction Bundle', async () => {
    const res = await transaction(gp, consultBundle({ n: 1, gp: ids.gp, service: ids.service }));
    assert.equal(res.resourceType, 'Bundle');
    assert.equal(res.type, 'transaction-response');
    assert.equal(res.entry.length, 3, 'one response entry per request entry');
    assert.match(res.entry[0].response.status, /^20[01]/, 'the Patient: created, or the one with this BSN');
    for (const e of res.entry.slice(1)) assert.match(e.response.status, /^201/);
    const [patientLoc, srLoc, taskLoc] = res.entry.map((e) => e.response.location);
    s.patient = `Patient/${located(patientLoc, 'Patient')}`;
    s.id = located(srLoc, 'ServiceRequest');
    assert.equal(located(taskLoc, 'Task'), s.id, 'one consult = one ServiceRequest + one Task, same id');
  });

  test('the ServiceRequest reads back as sent, with its reference and version', async () => {
    const sr = await gp.read({ resourceType: 'ServiceRequest', id: s.id });
    assert.equal(sr.status, 'active');
    assert.equal(sr.intent, 'order');
    assert.equal(sr.subject.reference, s.patient);
    assert.equal(sr.requester.reference, `Practitioner/${ids.gp}`);
    assert.equal(sr.performer[0].reference, `HealthcareService/${ids.service}`);
    assert.equal(sr.note[0].text, 'Vraag 1: eczeem of psoriasis?');
    assert.ok(sr.identifier.some((i) => i.system === GP_SYSTEM && i.value === 'gp-request-1'), 'client identifier kept');
    s.reference = sr.identifier.find((i) => i.system === CONSULT_REF)?.value;
    assert.match(s.reference ?? '', /^MK-\d{4}-\d+$/);
    assert.equal(http(sr).headers.get('etag'), `W/"${sr.meta.versionId}"`);
  });

  test('a conditional create (If-None-Exist, and ifNoneExist in a transaction) returns the existing consult', async () => {
    const body = serviceRequest({ n: 1, subject: s.patient, gp: ids.gp, service: ids.service });
    const again = await gp.create({
      resourceType: 'ServiceRequest',
      body,
      options: { headers: { 'If-None-Exist': `identifier=${GP_SYSTEM}|gp-request-1` } },
    });
    assert.equal(http(again).status, 200, 'a match answers 200, not 201');
    assert.equal(again.id, s.id);
    const bundle = consultBundle({ n: 1, gp: ids.gp, service: ids.service });
    bundle.entry[1].request.ifNoneExist = `identifier=${GP_SYSTEM}|gp-request-1`;
    const replay = await transaction(gp, bundle);
    for (const e of replay.entry) assert.match(e.response.status, /^200/, 'a match answers every entry 200');
    assert.equal(located(replay.entry[1].response.location, 'ServiceRequest'), s.id);
    const found = await gp.search({ resourceType: 'ServiceRequest', searchParams: { identifier: `${GP_SYSTEM}|gp-request-1` } });
    assert.equal(entries(found).length, 1, 'no second consult');
  });

  test('more consults for the worklist: another transaction, and one resource by resource', async () => {
    const res = await transaction(gp, consultBundle({ n: 2, gp: ids.gp, service: ids.service }));
    const created = await gp.create({
      resourceType: 'ServiceRequest',
      body: serviceRequest({ n: 3, subject: s.patient, gp: ids.gp, service: ids.service }),
      options: { headers: { Prefer: 'return=minimal' } },
    });
    assert.equal(http(created).status, 201);
    assert.equal(created.resourceType, undefined, 'return=minimal: no body');
    const location = http(created).headers.get('location');
    assert.match(location ?? '', /\/fhir\/ServiceRequest\/[^/]+\/_history\/\d+$/);
    assert.ok(http(created).headers.get('etag'), 'an ETag with the new version');
    s.others = [located(res.entry[1].response.location, 'ServiceRequest'), located(location, 'ServiceRequest')];
  });

  test('the hospital polls its worklist: Task?owner&status with _count, paging and _include', async () => {
    const seenTasks = [];
    let page = await hospital.search({
      resourceType: 'Task',
      searchParams: { owner: `HealthcareService/${ids.service}`, status: 'requested', _count: 2, _include: 'Task:focus' },
    });
    for (let pages = 0; page; pages++) {
      assert.ok(pages < 5, 'paging ends');
      assert.equal(page.type, 'searchset');
      const tasks = entries(page);
      assert.ok(tasks.length <= 2, '_count is honoured');
      const included = entries(page, 'include');
      for (const t of tasks) {
        assert.equal(t.status, 'requested');
        assert.equal(t.owner.reference, `HealthcareService/${ids.service}`);
        assert.ok(included.some((r) => `ServiceRequest/${r.id}` === t.focus.reference), '_include=Task:focus adds the ServiceRequest');
      }
      seenTasks.push(...tasks.map((t) => t.id));
      page = page.link?.some((l) => l.relation === 'next') ? await hospital.nextPage({ bundle: page }) : undefined;
    }
    assert.deepEqual([...seenTasks].sort(), [s.id, ...s.others].sort(), 'each consult once across the pages');
  });

  test('the consultant accepts by updating the Task; a stale If-Match gets 412', async () => {
    const t = await hospital.read({ resourceType: 'Task', id: s.id });
    assert.equal(t.status, 'requested');
    assert.equal(t.businessStatus.coding[0].system, CONSULT_STATUS);
    assert.equal(t.businessStatus.coding[0].code, 'submitted');
    assert.equal(t.focus.reference, `ServiceRequest/${s.id}`);
    const body = moved(t, 'accepted', 'accepted', { owner: { reference: `Practitioner/${ids.consultant}` } });
    const accepted = await hospital.update({
      resourceType: 'Task', id: s.id, body, options: { headers: { 'If-Match': `W/"${t.meta.versionId}"` } },
    });
    assert.equal(accepted.status, 'accepted');
    assert.equal(accepted.owner.reference, `Practitioner/${ids.consultant}`);
    assert.ok(Number(accepted.meta.versionId) > Number(t.meta.versionId), 'the version moved on');
    assert.equal(http(accepted).headers.get('etag'), `W/"${accepted.meta.versionId}"`);
    const polled = await hospital.search({
      resourceType: 'Task', searchParams: { owner: `Practitioner/${ids.consultant}`, _lastUpdated: `ge${t.meta.lastUpdated}` },
    });
    assert.deepEqual(entries(polled).map((x) => x.id), [s.id], 'polling by _lastUpdated finds the change');
    assert.equal((await jsonApi(server.url, server.tokens[CONSULTANT])(`/consults/${s.id}`)).status, 'accepted');
    const stale = await failsWith(
      hospital.update({ resourceType: 'Task', id: s.id, body: moved(t, 'on-hold', 'awaiting_gp', { statusReason: { text: 'Foto?' } }),
        options: { headers: { 'If-Match': `W/"${t.meta.versionId}"` } } }),
      412,
    );
    assert.equal(stale.resourceType, 'OperationOutcome');
    s.task = accepted;
  });

  test('the consultant answers: Task update with the advice as output', async () => {
    const body = moved(s.task, 'in-progress', 'answered', {
      output: [
        output('advice', { valueString: ADVICE }),
        output('referral-advised', { valueBoolean: false }),
        output('minutes-spent', { valueInteger: 12 }),
      ],
    });
    const answered = await hospital.update({ resourceType: 'Task', id: s.id, body });
    assert.equal(answered.status, 'in-progress');
    assert.equal(answered.businessStatus.coding[0].code, 'answered');
    assert.equal(outputOf(answered, 'advice')?.valueString, ADVICE);
  });

  test('the GP system reads the advice as Communication and as Task output', async () => {
    const found = await gp.search({ resourceType: 'Communication', searchParams: { 'based-on': `ServiceRequest/${s.id}` } });
    const advice = entries(found).filter((c) => c.category?.some((k) => k.coding?.some((x) => x.system === MESSAGE_KIND && x.code === 'advice')));
    assert.equal(advice.length, 1, 'one advice message');
    assert.equal(advice[0].payload[0].contentString, ADVICE);
    assert.equal(advice[0].sender.reference, `Practitioner/${ids.consultant}`);
    assert.ok(advice[0].basedOn.some((r) => r.reference === `ServiceRequest/${s.id}`));
    const byTask = await gp.search({ resourceType: 'Communication', searchParams: { 'part-of': `Task/${s.id}` } });
    assert.ok(entries(byTask).some((c) => c.id === advice[0].id), 'part-of finds the same message');
    const t = await gp.read({ resourceType: 'Task', id: s.id });
    assert.equal(outputOf(t, 'advice')?.valueString, ADVICE);
    assert.equal(outputOf(t, 'referral-advised')?.valueBoolean, false);
    s.task = t;
  });

  test('the GP system closes the consult: Task completed with the outcome', async () => {
    const body = moved(s.task, 'completed', 'closed', {
      output: [...(s.task.output ?? []), output('outcome', { valueCode: 'treated_by_gp' }), output('usefulness', { valueInteger: 5 }), output('learned', { valueBoolean: true })],
    });
    const closed = await gp.update({
      resourceType: 'Task', id: s.id, body, options: { headers: { 'If-Match': `W/"${s.task.meta.versionId}"` } },
    });
    assert.equal(closed.status, 'completed');
    assert.equal(closed.businessStatus.coding[0].code, 'closed');
    assert.equal(outputOf(closed, 'outcome')?.valueCode, 'treated_by_gp');
    const sr = await gp.read({ resourceType: 'ServiceRequest', id: s.id });
    assert.equal(sr.status, 'completed');
  });

  test('the JSON API shows the same consult: closed, the same advice and outcome', async () => {
    const c = await jsonApi(server.url, server.tokens[GP])(`/consults/${s.id}`);
    assert.equal(c.status, 'closed');
    assert.equal(c.reference, s.reference);
    assert.equal(c.question, 'Vraag 1: eczeem of psoriasis?');
    assert.equal(c.answer.advice, ADVICE);
    assert.equal(c.answer.minutes_spent, 12);
    assert.equal(c.assignee_id, ids.consultant);
    assert.equal(c.outcome?.result, 'treated_by_gp');
    assert.equal(c.outcome?.usefulness, 5);
  });

  test('an unknown search parameter is 400, with Prefer: handling=lenient 200', async () => {
    const strict = await failsWith(gp.search({ resourceType: 'Task', searchParams: { 'colour-of-socks': 'blue' } }), 400);
    assert.equal(strict.resourceType, 'OperationOutcome');
    assert.match(JSON.stringify(strict.issue), /colour-of-socks/, 'the OperationOutcome names the parameter');
    const lenient = await gp.search({
      resourceType: 'Task', searchParams: { 'colour-of-socks': 'blue', _id: s.id }, options: { headers: { Prefer: 'handling=lenient' } },
    });
    assert.equal(lenient.resourceType, 'Bundle');
    assert.deepEqual(entries(lenient).map((t) => t.id), [s.id]);
  });

  test('a foreign GP gets 404 for the consult and finds nothing', async () => {
    for (const resourceType of ['ServiceRequest', 'Task']) {
      const oo = await failsWith(otherGp.read({ resourceType, id: s.id }), 404);
      assert.equal(oo.resourceType, 'OperationOutcome');
    }
    const found = await otherGp.search({ resourceType: 'ServiceRequest', searchParams: { _id: s.id } });
    assert.equal(entries(found).length, 0);
  });

  test("fhir-kit-client's own transaction() (POST [base]/, with the slash) is accepted", async () => {
    const res = await gp.transaction({ body: consultBundle({ n: 4, gp: ids.gp, service: ids.service }) });
    assert.equal(res.type, 'transaction-response');
  });

  test('every /fhir response validated against the FHIR R4 schema', () => {
    assert.deepEqual(seen.failures, []);
    for (const type of ['Bundle', 'ServiceRequest', 'Task', 'Communication', 'OperationOutcome']) {
      assert.ok(seen.types.has(type), `checked a ${type}`);
    }
    assert.ok(seen.responses.length >= 20, `${seen.responses.length} responses checked`);
  });
});
