import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import NewConsult from './NewConsult';
import { gpUser, problem, renderAs } from '../test-utils';
import type { Service } from '../api/types';

// Uploads go through XMLHttpRequest (progress), which the fetch stub does not see: answer them here.
const uploaded: string[] = [];
vi.mock('../api/client', async (original) => ({
  ...(await original<typeof import('../api/client')>()),
  upload: (path: string, file: File) => {
    uploaded.push(path + ' ' + file.name);
    return { promise: Promise.resolve({ id: 'a' + uploaded.length, filename: file.name }), abort: () => {} };
  },
}));

const service: Service = {
  id: 's1', ref: 'maasstad-derma', organization_id: 'h1', organization_name: 'Maasstad Ziekenhuis', specialty: 'dermatology',
  name: 'Dermatologie', modalities: ['e_consult'], response_days: 2, active: true, routing: 'pool', accepts: [],
  accepts_my_practice: true, consultants: [], intake: { fields: [], min_photos: 0, min_attachments: 0 },
};
const derm: Service = {
  ...service,
  intake: {
    fields: [
      { key: 'body_location', label: 'Lokalisatie', label_en: 'Body location', type: 'choice', options: ['Romp', 'Arm of hand'], required: true },
      { key: 'duration', label: 'Bestaat sinds', label_en: 'Present since', type: 'text', options: [], required: false },
    ],
    min_photos: 1, min_attachments: 0,
  },
};
const closed: Service = { ...service, id: 's2', organization_name: 'Ver Weg Kliniek', accepts_my_practice: false };

async function toStep2(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('radio', { name: /Maasstad Ziekenhuis/ }));
  await user.click(screen.getByRole('button', { name: 'Verder' }));
  await screen.findByText('Gekozen dienst');
}

async function fillRequired(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByLabelText(/^BSN/), '111222333');
  await user.type(screen.getByLabelText(/^Naam/), 'J. de Vries');
  fireEvent.change(screen.getByLabelText(/^Geboortedatum/), { target: { value: '1962-03-14' } });
  await user.type(screen.getByLabelText(/^Postcode/), '3083AB');
  await user.type(screen.getByLabelText(/^Uw vraag/), 'Melanoom?');
  await user.click(screen.getByRole('radio', { name: 'Nee' }));
  await user.click(screen.getByLabelText(/De patiënt is geïnformeerd/));
}

describe('new consult wizard', () => {
  it('offers services by hospital and disables the ones that do not accept the practice', async () => {
    renderAs(gpUser, <NewConsult />, { 'GET /services': { items: [service, closed], next_cursor: null } });
    expect(await screen.findByRole('radio', { name: /Maasstad Ziekenhuis/ })).toBeEnabled();
    expect(screen.getByRole('radio', { name: /Ver Weg Kliniek/ })).toBeDisabled();
    expect(screen.getByText('Neemt geen consulten aan van uw zorggroep')).toBeInTheDocument();
  });

  it('checks the BSN as it is typed', async () => {
    const user = userEvent.setup();
    renderAs(gpUser, <NewConsult />, { 'GET /services': { items: [service], next_cursor: null } });
    await toStep2(user);
    const bsn = screen.getByLabelText(/^BSN/);
    await user.type(bsn, '1112');
    expect(screen.getByText('Nog 5 cijfers')).toBeInTheDocument();
    await user.type(bsn, '22334');
    expect(screen.getByText('Dit is geen geldig BSN (11-proef)')).toBeInTheDocument();
    await user.clear(bsn);
    await user.type(bsn, '111222333');
    expect(screen.getByText(/Geldig BSN/)).toBeInTheDocument();
  });

  it('requires the intended-referral answer and the patient-informed confirmation before sending', async () => {
    const user = userEvent.setup();
    const { calls } = renderAs(gpUser, <NewConsult />, { 'GET /services': { items: [service], next_cursor: null } });
    await toStep2(user);
    await user.click(screen.getByRole('button', { name: 'Consult versturen' }));
    const summary = await screen.findByRole('alert');
    expect(summary).toHaveTextContent('Verwijzen zonder consult?: Verplicht');
    expect(summary).toHaveTextContent('Patiënt geïnformeerd: Verplicht');
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
  });

  it('creates a draft, submits it, and shows server field errors next to the right field', async () => {
    const user = userEvent.setup();
    let submits = 0;
    const { calls } = renderAs(gpUser, <NewConsult />, {
      'GET /services': { items: [service], next_cursor: null },
      'POST /consults': { id: 'c1', reference: 'MK-2026-000009', status: 'draft' },
      'POST /consults/c1/submit': () => {
        submits++;
        return problem(422, [{ field: 'patient.postcode', message: 'is not a Dutch postcode (1234 AB)' }]);
      },
    });
    await toStep2(user);
    await fillRequired(user);
    await user.click(screen.getByRole('button', { name: 'Consult versturen' }));
    await waitFor(() => expect(submits).toBe(1));
    const postcode = screen.getByLabelText(/^Postcode/);
    expect(postcode).toHaveAttribute('aria-invalid', 'true');
    expect(postcode.getAttribute('aria-describedby')).toContain('f-patient-postcode-error');
    expect(document.getElementById('f-patient-postcode-error')).toHaveTextContent('is not a Dutch postcode');
    const create = calls.find((c) => c.method === 'POST' && c.path === '/consults')!;
    expect(create.body).toMatchObject({ draft: true, service_id: 's1', intended_referral: 'no', patient_informed: true, patient: { bsn: '111222333', postcode: '3083AB' } });
    // Trying again re-submits the same draft, never a second consult.
    await user.click(screen.getByRole('button', { name: 'Consult versturen' }));
    await waitFor(() => expect(submits).toBe(2));
    expect(calls.filter((c) => c.method === 'POST' && c.path === '/consults')).toHaveLength(1);
  });

  it("shows the service's intake questions and photo requirement, and blocks sending until they are met", async () => {
    const user = userEvent.setup();
    const { calls } = renderAs(gpUser, <NewConsult />, {
      'GET /services': { items: [derm], next_cursor: null },
      'POST /consults': { id: 'c1', reference: 'MK-2026-000010', status: 'draft', attachments: [] },
      'POST /consults/c1/attachments': { id: 'a1', filename: 'plek.jpg', content_type: 'image/jpeg' },
      'POST /consults/c1/submit': { id: 'c1', reference: 'MK-2026-000010', status: 'submitted' },
    });
    await toStep2(user);
    expect(screen.getByText('Vragen van deze dienst')).toBeInTheDocument();
    expect(screen.getByText('Deze dienst vraagt minstens 1 foto.')).toBeInTheDocument();
    const location = screen.getByLabelText(/^Lokalisatie/);
    expect(location.tagName).toBe('SELECT');
    expect(screen.getByText('Lokalisatie').parentElement).toHaveTextContent('(verplicht)');
    await fillRequired(user);
    await user.click(screen.getByRole('button', { name: 'Consult versturen' }));
    const summary = await waitFor(() => {
      const el = document.querySelector('.error-summary');
      expect(el).not.toBeNull();
      return el!;
    });
    expect(summary).toHaveTextContent('Lokalisatie: Verplicht');
    expect(summary).toHaveTextContent("Foto's en documenten: Nog nodig: minstens 1 foto");
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);

    await user.selectOptions(location, 'Arm of hand');
    const photo = new File([new Uint8Array([0xff, 0xd8, 0xff])], 'plek.jpg', { type: 'image/jpeg' });
    await user.upload(document.querySelector('input[type="file"]') as HTMLInputElement, photo);
    await user.click(screen.getByRole('button', { name: 'Consult versturen' }));
    await waitFor(() => expect(calls.some((c) => c.path === '/consults/c1/submit')).toBe(true));
    expect(uploaded).toContain('/consults/c1/attachments plek.jpg');
    const create = calls.find((c) => c.method === 'POST' && c.path === '/consults')!;
    expect(create.body).toMatchObject({ draft: true, intake: { body_location: 'Arm of hand' } });
  });

  it("shows the server's intake errors at the fields", async () => {
    const user = userEvent.setup();
    renderAs(gpUser, <NewConsult />, {
      'GET /services': { items: [derm], next_cursor: null },
      'POST /consults': { id: 'c1', reference: 'MK-2026-000011', status: 'draft', attachments: [] },
      'POST /consults/c1/attachments': { id: 'a1', filename: 'scan.png', content_type: 'image/png' },
      'POST /consults/c1/submit': () => problem(422, [
        { field: 'intake.body_location', message: "must be one of the field's options" },
        { field: 'attachments', message: 'at least 1 photo is required' },
      ]),
    });
    await toStep2(user);
    await fillRequired(user);
    await user.selectOptions(screen.getByLabelText(/^Lokalisatie/), 'Romp');
    await user.upload(document.querySelector('input[type="file"]') as HTMLInputElement,
      new File([new Uint8Array([0x89, 0x50])], 'scan.png', { type: 'image/png' }));
    await user.click(screen.getByRole('button', { name: 'Consult versturen' }));
    expect(await screen.findByText("must be one of the field's options", { selector: '.error-text' })).toBeInTheDocument();
    expect(screen.getByLabelText(/^Lokalisatie/)).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText('Nog nodig: minstens 1 foto', { selector: '.error-text' })).toBeInTheDocument();
  });
});
