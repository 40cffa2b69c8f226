import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import Services from './Services';
import { gpUser, problem, renderAs } from '../test-utils';
import type { Service, User } from '../api/types';
import { slug } from './IntakeEditor';

const coordinator: User = {
  ...gpUser, id: 'co1', role: 'coordinator', organization_id: 'h1',
  organization: { id: 'h1', ref: 'maasstad', name: 'Maasstad Ziekenhuis', type: 'hospital', part_of: null, agb: '', postcode: '' },
};
const derm: Service = {
  id: 's1', ref: 'maasstad-dermatology', organization_id: 'h1', organization_name: 'Maasstad Ziekenhuis', specialty: 'dermatology',
  name: 'Dermatologie', modalities: ['e_consult'], response_days: 2, active: true, routing: 'pool', accepts: [],
  accepts_my_practice: false, consultants: [],
  intake: {
    fields: [{ key: 'body_location', label: 'Lokalisatie', label_en: 'Body location', type: 'choice', options: ['Romp', 'Arm'], required: true }],
    min_photos: 1, min_attachments: 0,
  },
};

function routes(onPatch: (body: unknown) => unknown) {
  return {
    'GET /services': { items: [derm], next_cursor: null },
    'GET /organizations': { items: [], next_cursor: null },
    'PATCH /services/s1': onPatch,
  };
}

describe('service settings: the intake form', () => {
  it('shows the form on the card', async () => {
    renderAs(coordinator, <Services />, routes(() => derm));
    expect(await screen.findByText("Lokalisatie *, min. 1 foto's")).toBeInTheDocument();
  });

  it('adds a required question, reorders it and saves the whole form with PATCH', async () => {
    const user = userEvent.setup();
    let sent: any = null;
    renderAs(coordinator, <Services />, routes((body) => { sent = body; return { ...derm, intake: (body as { intake: Service['intake'] }).intake }; }));
    await user.click(await screen.findByRole('button', { name: /Instellingen wijzigen/ }));
    const editor = screen.getByRole('group', { name: 'Intakeformulier' });
    await user.click(within(editor).getByRole('button', { name: 'Vraag toevoegen' }));
    const q2 = within(editor).getByRole('group', { name: 'Vraag 2' });
    await user.type(within(q2).getByLabelText(/^Vraag \(Nederlands\)/), 'Duur van de klacht');
    await user.type(within(q2).getByLabelText(/^Vraag \(Engels\)/), 'Duration');
    expect(within(q2).getByLabelText(/^Sleutel/)).toHaveValue('duur_van_de_klacht');
    await user.click(within(q2).getByLabelText('Verplicht'));
    await user.click(within(q2).getByRole('button', { name: /Omhoog/ }));
    const photos = within(editor).getByLabelText(/Minimum aantal foto's/);
    await user.clear(photos);
    await user.type(photos, '2');
    await user.click(screen.getByRole('button', { name: 'Opslaan' }));
    await waitFor(() => expect(sent).not.toBeNull());
    expect(sent.intake).toEqual({
      fields: [
        { key: 'duur_van_de_klacht', label: 'Duur van de klacht', label_en: 'Duration', type: 'text', required: true, options: [] },
        { key: 'body_location', label: 'Lokalisatie', label_en: 'Body location', type: 'choice', required: true, options: ['Romp', 'Arm'] },
      ],
      min_photos: 2, min_attachments: 0,
    });
    expect(await screen.findByText("Duur van de klacht *, Lokalisatie *, min. 2 foto's")).toBeInTheDocument();
  });

  it("edits a choice's options and removes a question; the server's errors are shown at the field", async () => {
    const user = userEvent.setup();
    let sent: any = null;
    renderAs(coordinator, <Services />, routes((body) => {
      sent = body;
      return problem(422, [{ field: 'intake.fields[0].options', message: "option 'Romp' appears twice" }]);
    }));
    await user.click(await screen.findByRole('button', { name: /Instellingen wijzigen/ }));
    const q1 = screen.getByRole('group', { name: 'Vraag 1' });
    expect(within(q1).getByLabelText(/^Sleutel/)).toHaveAttribute('readonly');
    await user.type(within(q1).getByLabelText(/^Opties/), '\nRomp');
    await user.click(screen.getByRole('button', { name: 'Opslaan' }));
    expect(await within(q1).findByText("option 'Romp' appears twice")).toBeInTheDocument();
    expect(sent.intake.fields[0].options).toEqual(['Romp', 'Arm', 'Romp']);
    await user.click(within(q1).getByRole('button', { name: /Verwijderen/ }));
    expect(screen.getByText('Geen intakevragen')).toBeInTheDocument();
  });

  it('makes keys the server accepts', () => {
    expect(slug('Lokalisatie op het lichaam')).toBe('lokalisatie_op_het_lichaam');
    expect(slug('Één of twee?')).toBe('een_of_twee');
    expect(slug('3 dagen')).toBe('v_3_dagen');
  });
});
