// The resources a GP system sends for a new consult, written from docs/fhir.md alone.
import { AGB, BSN, CONSULT_STATUS, EXT, TASK_OUTPUT, bsn } from './fhir.mjs';

export const GP_SYSTEM = 'urn:oid:2.16.840.1.113883.2.4.3.999.1';  // the GP system's own request ids

export function patient(n) {
  return {
    resourceType: 'Patient',
    identifier: [{ system: BSN, value: bsn(n) }],
    name: [{ text: `Patiënt ${n}`, family: `Patiënt ${n}` }],
    gender: 'female',
    birthDate: '1970-05-0' + ((n % 9) + 1),
    address: [{ postalCode: '3083 AB' }],
  };
}

// A ServiceRequest for `service` by `gp` (user ids), the patient by reference.
export function serviceRequest({ n, subject, gp, service }) {
  return {
    resourceType: 'ServiceRequest',
    identifier: [{ system: GP_SYSTEM, value: `gp-request-${n}` }],
    status: 'active',
    intent: 'order',
    priority: 'routine',
    subject: { reference: subject },
    requester: { reference: `Practitioner/${gp}` },
    performer: [{ reference: `HealthcareService/${service}` }],
    reasonCode: [{ text: 'Sinds 3 maanden, hydrocortison zonder effect.' }],
    note: [{ text: `Vraag ${n}: eczeem of psoriasis?` }],
    extension: [
      { url: EXT + 'intended-referral', valueCode: 'yes' },
      { url: EXT + 'patient-informed', valueBoolean: true },
      { url: EXT + 'patient-narrative', valueString: 'Het jeukt vooral s nachts.' },
    ],
  };
}

export function task({ focus, patient: forRef, gp, service }) {
  return {
    resourceType: 'Task',
    status: 'requested',
    intent: 'order',
    businessStatus: { coding: [{ system: CONSULT_STATUS, code: 'submitted' }] },
    focus: { reference: focus },
    for: { reference: forRef },
    requester: { reference: `Practitioner/${gp}` },
    owner: { reference: `HealthcareService/${service}` },
  };
}

// The transaction Bundle: Patient + ServiceRequest + Task, linked by urn:uuid fullUrls.
export function consultBundle({ n, gp, service }) {
  const ids = { patient: `urn:uuid:${uuid()}`, request: `urn:uuid:${uuid()}`, task: `urn:uuid:${uuid()}` };
  const sr = serviceRequest({ n, subject: ids.patient, gp, service });
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      { fullUrl: ids.patient, resource: patient(n), request: { method: 'POST', url: 'Patient' } },
      { fullUrl: ids.request, resource: sr, request: { method: 'POST', url: 'ServiceRequest' } },
      {
        fullUrl: ids.task,
        resource: task({ focus: ids.request, patient: ids.patient, gp, service }),
        request: { method: 'POST', url: 'Task' },
      },
    ],
  };
}

// Sets the Task's consult state (status + businessStatus), keeping the rest as read.
export function moved(taskResource, status, code, extra = {}) {
  return { ...taskResource, status, businessStatus: { coding: [{ system: CONSULT_STATUS, code }] }, ...extra };
}

export function output(code, value) {
  return { type: { coding: [{ system: TASK_OUTPUT, code }] }, ...value };
}

export const agb = (value) => `${AGB}|${value}`;

function uuid() {
  return globalThis.crypto.randomUUID();
}
