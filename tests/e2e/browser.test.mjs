// Browser tests (issue 4): Debian's Chromium, headless, against the real meekijk binary with
// the web app it embeds. Run by CTest (tests/e2e/CMakeLists.txt) with MEEKIJK_BIN set.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { apiLogin, consultBody, launchBrowser, png, serviceByRef, startServer, uiLogin, users } from './harness.mjs';

let server;
let chrome;
const state = {};

before(async () => {
  server = await startServer();
  chrome = await launchBrowser();
});

after(async () => {
  await state.gp?.context.close();
  await chrome?.close();
  await server?.stop();
});

// The GP keeps one browser profile across the tests, as on a real desk: the unread markers
// live in its localStorage.
async function gpPage() {
  state.gp ??= await newPage();
  return state.gp;
}

async function newPage() {
  const context = await chrome.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL' });
  const page = await context.newPage();
  page.on('pageerror', (e) => (state.pageErrors ??= []).push(String(e)));
  page.on('console', (m) => m.type() === 'error' && /Content Security Policy/i.test(m.text()) && (state.cspErrors ??= []).push(m.text()));
  return { context, page };
}

// This month as the server bills it (close dates in Europe/Amsterdam): "2026-10".
function amsterdamMonth() {
  const parts = new Intl.DateTimeFormat('en', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit' }).formatToParts(new Date());
  return `${parts.find((p) => p.type === 'year').value}-${parts.find((p) => p.type === 'month').value}`;
}

// This calendar quarter as the dashboard's default period: { from, to } as YYYY-MM-DD.
function thisQuarter(now = new Date()) {
  const first = Math.floor(now.getMonth() / 3) * 3;
  const day = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  return { from: day(new Date(now.getFullYear(), first, 1)), to: day(new Date(now.getFullYear(), first + 3, 0)) };
}

// A consult of patient n sent by the GP, answered by the consultant and closed as treated by the GP.
async function closeConsult(gp, consultant, serviceId, n) {
  const c = await gp.post('/consults', consultBody(serviceId, n));
  await consultant.post(`/consults/${c.id}/answer`, { advice: 'Afwachten.', referral_advised: false, minutes_spent: 12 });
  await gp.post(`/consults/${c.id}/close`, { result: 'treated_by_gp', usefulness: 4, learned: true, note: '' });
  return c;
}

describe('meekijk in the browser', { concurrency: false }, () => {
  test('the app is served with a strict CSP and loads without violations', async () => {
    const res = await fetch(server.url + '/consults/anything');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-security-policy'), /script-src 'self'/);
    assert.match(res.headers.get('content-security-policy'), /frame-ancestors 'none'/);
    const { context, page } = await newPage();
    await page.goto(server.url + '/');
    await page.getByRole('heading', { name: 'Inloggen' }).waitFor();
    assert.deepEqual(state.cspErrors ?? [], []);
    await context.close();
  });

  test('a GP creates a consult with a photo: preview, upload progress, then the thread', async () => {
    const { page } = await gpPage();
    await uiLogin(page, server.url, users.gp);
    assert.match(page.url(), /\/inbox$/);
    await page.getByRole('link', { name: 'Nieuw consult' }).first().click();
    await page.getByRole('heading', { name: 'Nieuw meekijkconsult' }).waitFor();

    // Step 1: the service, by specialty and hospital.
    await page.getByLabel('Specialisme').selectOption('dermatology');
    await page.getByRole('radio', { name: /Dermatologie.*Maasstad/ }).check();
    await page.getByRole('button', { name: 'Verder' }).click();

    // Step 2: the BSN is checked as it is typed.
    const bsnInput = page.getByLabel(/^BSN/);
    await bsnInput.fill('123456789');
    await page.getByText('Dit is geen geldig BSN (11-proef)').waitFor();
    await bsnInput.fill('999999990'); // fails the check too
    await bsnInput.fill('111222333');
    await page.getByText('Geldig BSN').waitFor();
    await page.getByLabel(/^Naam/).fill('J. de Vries');
    await page.getByLabel(/^Geboortedatum/).fill('1962-03-14');
    await page.getByLabel(/^Geslacht/).selectOption('female');
    await page.getByLabel(/^Postcode/).fill('3083 ab');
    await page.getByText('Geldige postcode').waitFor();
    await page.getByLabel(/^Uw vraag aan de specialist/).fill('Pigmentlaesie linker onderarm, sinds 2 maanden gegroeid. Melanoom uitsluiten?');
    await page.getByLabel(/^Klinische context/).fill('Asymmetrisch, 7 mm, twee kleuren. Geen voorgeschiedenis.');
    await page.getByLabel(/^De klacht in de woorden/).fill('Het plekje wordt groter en jeukt soms.');

    // Without the required answers the form says what is missing, next to the fields.
    await page.getByRole('button', { name: 'Consult versturen' }).click();
    await page.getByRole('alert').filter({ hasText: 'Controleer de gemarkeerde velden' }).waitFor();
    await page.getByRole('radio', { name: 'Ja, dan zou ik verwijzen' }).check();

    // The photo: the camera input (capture=environment) takes a file; the preview shows it.
    const photo = page.getByTestId('photo-input');
    assert.equal(await photo.getAttribute('capture'), 'environment');
    await photo.setInputFiles({ name: 'laesie.png', mimeType: 'image/png', buffer: png(320, 240) });
    const preview = page.getByTestId('preview');
    await preview.waitFor();
    assert.ok(await preview.evaluate((img) => img.complete && img.naturalWidth === 320), 'the preview shows the photo');
    await page.getByText('Wacht op versturen').waitFor();
    await page.getByLabel(/De patiënt is geïnformeerd/).check();

    // Hold the upload's answer a moment so the progress bar can be seen working.
    let uploads = 0;
    await page.route('**/api/v1/consults/*/attachments*', async (route) => {
      uploads++;
      await new Promise((r) => setTimeout(r, 600));
      await route.continue();
    });
    await page.getByRole('button', { name: 'Consult versturen' }).click();
    const progress = page.getByTestId('upload-progress');
    await page.getByText(/Bijlagen uploaden: \d+%/).waitFor();
    assert.ok((await progress.count()) === 1);

    await page.waitForURL(/\/consults\/[a-z0-9]{20,}$/);
    assert.equal(uploads, 1);
    await page.getByText(/Consult MK-\d{4}-\d{6} verstuurd/).waitFor();
    const consult = page.getByTestId('consult');
    assert.equal(await consult.getAttribute('data-status'), 'submitted');
    const img = page.getByTestId('attachment-image');
    await img.waitFor();
    await page.waitForFunction(() => {
      const i = document.querySelector('[data-testid="attachment-image"]');
      return i && i.complete && i.naturalWidth === 320;
    });
    state.consultId = page.url().split('/').pop();
    state.reference = (await page.locator('h1 .ref').textContent()).trim();
    assert.match(state.reference, /^MK-\d{4}-\d{6}$/);
    await page.unroute('**/api/v1/consults/*/attachments*');
    // Back to the inbox: what happens to the consult from now on is news to this GP.
    await page.getByRole('link', { name: 'Consulten' }).click();
    await page.locator(`li[data-consult-id="${state.consultId}"]`).waitFor();
  });

  test("a GP cannot submit to a dermatology service without the photo and body location it asks for", async () => {
    const { page } = await gpPage();
    const body = consultBody('', 31);
    await page.getByRole('link', { name: 'Nieuw consult' }).first().click();
    await page.getByRole('heading', { name: 'Nieuw meekijkconsult' }).waitFor();
    await page.getByLabel('Specialisme').selectOption('dermatology');
    await page.getByRole('radio', { name: /Dermatologie.*Ikazia/ }).check();
    await page.getByRole('button', { name: 'Verder' }).click();

    // The service's own question (a choice, required) and its photo requirement are shown.
    await page.getByText('Deze dienst vraagt minstens 1 foto.').waitFor();
    const location = page.getByLabel(/^Lokalisatie/);
    assert.equal(await location.evaluate((el) => el.tagName), 'SELECT');
    await page.getByLabel(/^BSN/).fill(body.patient.bsn);
    await page.getByLabel(/^Naam/).fill('K. Intake');
    await page.getByLabel(/^Geboortedatum/).fill('1975-06-01');
    await page.getByLabel(/^Postcode/).fill('3083 AB');
    await page.getByLabel(/^Uw vraag aan de specialist/).fill('Schilferende plek, eczeem of psoriasis?');
    await page.getByRole('radio', { name: 'Nee' }).check();
    await page.getByLabel(/De patiënt is geïnformeerd/).check();

    // Without them the consult is not sent: the form names both, nothing reaches the server.
    let posts = 0;
    const count = (req) => req.method() === 'POST' && req.url().includes('/api/v1/consults') && posts++;
    page.on('request', count);
    await page.getByRole('button', { name: 'Consult versturen' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Controleer de gemarkeerde velden' });
    await summary.waitFor();
    assert.match(await summary.textContent(), /Lokalisatie: Verplicht/);
    assert.match(await summary.textContent(), /Foto's en documenten: Nog nodig: minstens 1 foto/);
    assert.equal(posts, 0);
    page.off('request', count);

    // The server is the authority: the same consult through the API is refused, naming both.
    const gp = await apiLogin(server.url, users.gp);
    const ikazia = await serviceByRef(gp, 'ikazia-derma');
    assert.deepEqual(ikazia.intake.fields.map((f) => [f.key, f.required]), [['body_location', true], ['duration', false]]);
    await assert.rejects(gp.post('/consults', consultBody(ikazia.id, 32)), (e) => {
      assert.match(e.message, /: 422 /);
      const fields = JSON.parse(e.message.slice(e.message.indexOf('{'))).errors.map((x) => x.field).sort();
      assert.deepEqual(fields, ['attachments', 'intake.body_location']);
      return true;
    });

    // Filled in, it goes.
    await location.selectOption('Arm of hand');
    await page.getByLabel(/^Bestaat sinds/).fill('een half jaar');
    await page.getByTestId('photo-input').setInputFiles({ name: 'plek.png', mimeType: 'image/png', buffer: png(200, 150) });
    await page.getByRole('button', { name: 'Consult versturen' }).click();
    await page.waitForURL(/\/consults\/[a-z0-9]{20,}$/);
    await page.locator('[data-testid="consult"][data-status="submitted"]').waitFor();
    const values = page.locator('.intake-values');
    await values.getByText('Lokalisatie').waitFor();  // labels from the service's form
    assert.match(await values.textContent(), /Lokalisatie\s*Arm of hand/);
    assert.match(await values.textContent(), /Bestaat sinds\s*een half jaar/);
    await page.getByRole('link', { name: 'Consulten' }).click();
    await page.getByRole('heading', { name: /Consulten/ }).first().waitFor();
  });

  test('the consultant sees it in the queue, sorted by due time, claims and answers it', async () => {
    // A second consult at a service with a shorter response time: due earlier, so listed first.
    const gp = await apiLogin(server.url, users.gp);
    const fast = await serviceByRef(gp, 'maasstad-wond');
    const quick = await gp.post('/consults', consultBody(fast.id, 7));
    state.quickId = quick.id;

    const { context, page } = await newPage();
    await uiLogin(page, server.url, users.consultant);
    assert.match(page.url(), /\/queue$/);
    const rows = page.getByTestId('consult-rows').locator('li');
    await rows.nth(1).waitFor();
    const ids = await rows.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-consult-id')));
    assert.deepEqual(ids.slice(0, 2), [state.quickId, state.consultId], 'earliest due first');

    await page.locator(`li[data-consult-id="${state.consultId}"] a`).click();
    await page.getByRole('heading', { name: /J\. de Vries/ }).waitFor();
    await page.getByRole('button', { name: 'Oppakken' }).click();
    await page.locator('[data-testid="consult"][data-status="accepted"]').waitFor();
    // Answering is the primary action here, so its form is open already.
    assert.equal(await page.getByRole('button', { name: 'Advies geven' }).getAttribute('aria-expanded'), 'true');
    const advice = page.getByLabel(/^Advies aan de huisarts/);
    await advice.fill('Beeld past bij een dysplastische naevus. Geen verwijzing nodig; controle over 3 maanden met foto.');
    await page.getByLabel(/^Bestede tijd/).fill('12');
    await page.getByRole('button', { name: 'Advies versturen' }).click();
    await page.locator('[data-testid="consult"][data-status="answered"]').waitFor();
    await context.close();
  });

  test('the GP sees the answer and closes the consult with an outcome', async () => {
    const { page } = await gpPage();
    const row = page.locator(`li[data-consult-id="${state.consultId}"]`);
    // The open inbox has followed the answer live.
    await page.waitForFunction((id) => document.querySelector(`li[data-consult-id="${id}"]`)?.textContent.includes('Beantwoord'), state.consultId);
    assert.match(await row.textContent(), /Nieuw/, 'the answer is marked unread');
    await row.locator('a').click();
    await page.getByText('Beeld past bij een dysplastische naevus', { exact: false }).first().waitFor();
    await page.getByRole('radio', { name: 'Zelf behandeld (geen verwijzing)' }).check();
    await page.getByRole('radio', { name: '4' }).check();
    await page.getByLabel('Ik heb iets geleerd van dit consult').check();
    await page.getByRole('button', { name: 'Consult afsluiten' }).click();
    await page.locator('[data-testid="consult"][data-status="closed"]').waitFor();
    await page.getByText('Bruikbaarheid 4/5').waitFor();

    // Back in the inbox the consult is read now.
    await page.getByRole('link', { name: 'Consulten' }).click();
    const after = page.locator(`li[data-consult-id="${state.consultId}"]`);
    await after.waitFor();
    assert.doesNotMatch(await after.textContent(), /Nieuw/);
  });

  test('the GP switches off answer mails on the profile page, and it sticks after a reload', async () => {
    const { page } = await gpPage();
    await page.getByRole('link', { name: 'Profiel' }).click();
    const answered = page.getByLabel('Antwoord op mijn vraag');
    assert.equal(await answered.isChecked(), true);
    await answered.uncheck();
    await page.getByTestId('mail-status').getByText('Opgeslagen').waitFor();
    await page.reload();  // /profile is served by the binary and reads the setting back
    await page.getByRole('heading', { name: 'Profiel' }).waitFor();
    assert.equal(await page.getByLabel('Antwoord op mijn vraag').isChecked(), false);
    assert.equal(await page.getByLabel('Aanvullende informatie gevraagd').isChecked(), true);
  });

  test('a consultant of another hospital cannot open it', async () => {
    const { context, page } = await newPage();
    await uiLogin(page, server.url, users.otherHospital);
    await page.goto(`${server.url}/consults/${state.consultId}`);
    await page.getByRole('heading', { name: 'Consult niet gevonden' }).waitFor();
    assert.match(await page.locator('main').textContent(), /niet gevonden/);
    assert.doesNotMatch(await page.locator('main').textContent(), /de Vries/);
    await context.close();
  });

  test('the inbox updates live when a consult changes elsewhere', async () => {
    const { page } = await gpPage();
    await page.getByRole('link', { name: 'Consulten' }).click();
    const row = page.locator(`li[data-consult-id="${state.quickId}"]`);
    await row.waitFor();
    assert.match(await row.textContent(), /Verstuurd/);
    await page.evaluate(() => ((window).__noReload = true));
    await page.locator('.live-on').waitFor({ timeout: 10_000 });

    // The consultant claims it through the API; the GP's open inbox follows without a reload.
    const consultant = await apiLogin(server.url, users.consultant);
    await consultant.post(`/consults/${state.quickId}/accept`, {});
    await page.waitForFunction(
      (id) => document.querySelector(`li[data-consult-id="${id}"]`)?.textContent.includes('In behandeling'),
      state.quickId,
      { timeout: 10_000 },
    );
    // A new consult of the practice appears too.
    const gp = await apiLogin(server.url, users.gp);
    const derma = await serviceByRef(gp, 'maasstad-derma');
    const fresh = await gp.post('/consults', consultBody(derma.id, 11));
    await page.locator(`li[data-consult-id="${fresh.id}"]`).waitFor({ timeout: 10_000 });
    assert.equal(await page.evaluate(() => (window).__noReload), true, 'no reload happened');
  });

  test('the coordinator changes a service and sees the overdue list', async () => {
    const { context, page } = await newPage();
    await uiLogin(page, server.url, users.coordinator);
    await page.getByRole('link', { name: 'Diensten' }).click();
    await page.getByRole('button', { name: 'Instellingen wijzigen Dermatologie' }).click();
    await page.getByLabel(/^Reactietermijn/).fill('4');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByText('4 werkdagen').waitFor();

    // The wound clinic's intake form gets a required question (a choice), saved with the service.
    await page.getByRole('button', { name: 'Instellingen wijzigen Wondpoli' }).click();
    const editor = page.getByRole('group', { name: 'Intakeformulier' });
    await editor.getByRole('button', { name: 'Vraag toevoegen' }).click();
    const question = editor.getByRole('group', { name: 'Vraag 1' });
    await question.getByLabel(/^Vraag \(Nederlands\)/).fill('Soort wond');
    await question.getByLabel(/^Vraag \(Engels\)/).fill('Kind of wound');
    assert.equal(await question.getByLabel(/^Sleutel/).inputValue(), 'soort_wond');
    await question.getByLabel(/^Soort antwoord/).selectOption('choice');
    await question.getByLabel(/^Opties/).fill('Ulcus cruris\nDecubitus\nPostoperatief');
    await question.getByLabel('Verplicht', { exact: true }).check();
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByText('Soort wond *').waitFor();
    await page.reload();
    await page.getByText('Soort wond *').waitFor();
    // From now on the server asks it of every consult to the wound clinic.
    const gp = await apiLogin(server.url, users.gp);
    const wond = await serviceByRef(gp, 'maasstad-wond');
    assert.deepEqual(wond.intake.fields[0], {
      key: 'soort_wond', label: 'Soort wond', label_en: 'Kind of wound', type: 'choice',
      options: ['Ulcus cruris', 'Decubitus', 'Postoperatief'], required: true,
    });
    await assert.rejects(gp.post('/consults', consultBody(wond.id, 41)), /: 422 .*intake\.soort_wond/);
    await gp.post('/consults', consultBody(wond.id, 41, { intake: { soort_wond: 'Decubitus' } }));

    await page.getByRole('link', { name: 'Over tijd' }).click();
    await page.getByRole('heading', { name: 'Over tijd' }).waitFor();
    await page.locator('.empty, [data-testid="consult-rows"]').first().waitFor();
    await context.close();
  });

  test('the privacy officer sees who looked at the patient, grouped by person', async () => {
    const { context, page } = await newPage();
    await uiLogin(page, server.url, users.privacy);
    await page.getByRole('link', { name: 'Wie zag deze patiënt?' }).click();
    await page.getByLabel('BSN patiënt').fill('111222333');
    await page.getByRole('button', { name: 'Opzoeken' }).click();
    const table = page.getByRole('table');
    await table.waitFor();
    const text = await table.textContent();
    assert.match(text, /A\. Huisarts/);
    assert.match(text, /B\. Dermatoloog/);
    assert.match(text, /E\. Dermatoloog[\s\S]*geweigerd/, 'the other hospital\'s attempt is there, as denied');
    await context.close();
  });

  test('the regional admin records a contract; closed consults are billed, listed and downloadable as CSV', async () => {
    const month = amsterdamMonth();
    const gp = await apiLogin(server.url, users.gp);
    const consultant = await apiLogin(server.url, users.consultant);
    const derma = await serviceByRef(gp, 'maasstad-derma');
    const closeOne = (n) => closeConsult(gp, consultant, derma.id, n);
    const early = await closeOne(21); // before there is a contract for Maasstad

    const { context, page } = await newPage();
    await uiLogin(page, server.url, users.admin);
    assert.match(page.url(), /\/contracts$/);
    await page.getByRole('cell', { name: 'Ikazia Ziekenhuis', exact: true }).waitFor(); // imported with the region

    // The consult closed without a contract is listed, not dropped.
    await page.getByRole('link', { name: 'Declaraties' }).click();
    await page.getByLabel('Maand', { exact: true }).fill(month);
    await page.getByRole('region', { name: 'Geen contract' }).getByText(early.reference).waitFor();

    // The admin records the missing contract (Maasstad, e-consult), amounts typed the Dutch way.
    await page.getByRole('link', { name: 'Contracten' }).click();
    const fillContract = async () => {
      await page.getByRole('button', { name: 'Nieuw contract' }).click();
      await page.getByLabel(/^Zorggroep/).selectOption({ label: 'IZER' });
      await page.getByLabel(/^Aanbieder/).selectOption({ label: 'Maasstad Ziekenhuis' });
      await page.getByLabel(/^Geldig vanaf/).fill('2024-01-01');
      await page.getByLabel(/^Betaler/).selectOption({ label: 'Zilveren Kruis' });
      await page.getByLabel(/^Tarief huisarts/).fill('25,00');
      await page.getByLabel(/^Declaratiecode huisarts/).fill('13045');
      await page.getByLabel(/^Vast bedrag consulent/).fill('45,5');
      await page.getByLabel(/^Declaratiecode consulent/).fill('190009');
      await page.getByRole('button', { name: 'Opslaan' }).click();
    };
    await fillContract();
    const maasstad = page.getByRole('cell', { name: 'Maasstad Ziekenhuis', exact: true });
    await maasstad.waitFor();
    assert.match(await page.getByRole('row', { name: /Maasstad Ziekenhuis/ }).textContent(), /€\s45,50/);
    // The same again overlaps: the server's 409 is shown and nothing is added.
    await fillContract();
    await page.getByRole('alert').filter({ hasText: 'Niet opgeslagen' }).waitFor();
    await page.getByRole('button', { name: 'Annuleren' }).click();
    assert.equal(await maasstad.count(), 1);

    // Reprocessing bills the early consult; a consult closed now is billed at once.
    await page.getByRole('link', { name: 'Declaraties' }).click();
    await page.getByLabel('Maand', { exact: true }).fill(month);
    await page.getByRole('button', { name: 'Opnieuw verwerken' }).click();
    await page.getByText(/Opnieuw verwerkt: \d+ consulten gedeclareerd, 0 nog zonder contract/).first().waitFor();
    const late = await closeOne(22);
    await page.reload();
    const lines = page.getByRole('region', { name: 'Declaratieregels' });
    await lines.getByText(late.reference).first().waitFor();
    assert.equal(await lines.getByText(late.reference).count(), 2, 'one line for the practice, one for the hospital');
    assert.equal(await lines.getByText(early.reference).count(), 2);
    await page.getByText('Alle afgeronde consulten van deze maand vallen onder een contract.').waitFor();
    // Every line is Maasstad's (€ 25,00 + € 45,50 a consult), so the total follows from the count.
    const consults = (await lines.locator('tbody tr').count()) / 2;
    state.billedTotal = (await lines.getByTestId('total').textContent()).replace(/\s/g, ' ');
    const euro = new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' }).format((consults * 7050) / 100);
    assert.equal(state.billedTotal, euro.replace(/\s/g, ' '));

    // The CSV download: UTF-8 with a BOM, the lines in it.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download CSV (Declaratieregels)' }).click(),
    ]);
    const csv = readFileSync(await download.path());
    assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.match(csv.toString('utf8'), new RegExp(late.reference));
    await context.close();
  });

  test('the insurer sees the lines it pays on its billing page', async () => {
    const { context, page } = await newPage();
    await uiLogin(page, server.url, users.insurer);
    assert.match(page.url(), /\/billing$/);
    await page.getByLabel('Maand', { exact: true }).fill(amsterdamMonth());
    const total = page.getByRole('region', { name: 'Declaratieregels' }).getByTestId('total');
    await total.waitFor();
    assert.equal((await total.textContent()).replace(/\s/g, ' '), state.billedTotal);
    assert.equal(await page.getByRole('button', { name: 'Opnieuw verwerken' }).count(), 0);
    await context.close();
  });

  test('a care-group manager sees the figures of its practices on the dashboard, "<10" while too few patients', async () => {
    const gp = await apiLogin(server.url, users.gp);
    const consultant = await apiLogin(server.url, users.consultant);
    const manager = await apiLogin(server.url, users.manager);
    const derma = await serviceByRef(gp, 'maasstad-derma');
    const q = thisQuarter();
    const total = async () => (await manager.get(`/reports/triple-aim?from=${q.from}&to=${q.to}&by=month`)).total;
    const shown = (t) => (t.suppressed ? '<10' : String(t.consults));

    const { context, page } = await newPage();
    await uiLogin(page, server.url, users.manager);
    // From here on (the login page's own 401 for "not logged in yet" is expected).
    const consoleErrors = [];
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    assert.match(page.url(), /\/billing$/, 'the start page stays');
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Kerncijfers' }).waitFor();
    const consults = page.locator('[data-tile="consults"] dd');
    assert.equal(await consults.textContent(), shown(await total()));

    // Ten more closed consults of distinct patients of its practice: the count is shown, as the server has it.
    for (let n = 40; n < 50; n++) await closeConsult(gp, consultant, derma.id, n);
    const after = await total();
    assert.equal(after.suppressed, false);
    assert.ok(after.consults >= 10);
    await page.reload();
    await page.getByRole('heading', { name: 'Kerncijfers' }).waitFor();
    assert.equal(await consults.textContent(), String(after.consults));
    assert.equal(await page.locator('[data-tile="treated"] dd').textContent(), `${new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 1 }).format(after.treated_by_gp_pct)}%`);
    const perMonth = page.getByRole('figure', { name: 'Consulten per maand' });
    assert.equal(await perMonth.locator(`rect[data-key="${amsterdamMonth()}"]`).count(), 1);
    await perMonth.getByRole('button', { name: /Toon als tabel/ }).click();
    await perMonth.getByRole('table').waitFor();

    // The quarterly report for paper: no navigation when printed.
    await page.getByRole('link', { name: 'Kwartaalrapportage afdrukken' }).click();
    await page.getByRole('heading', { level: 1, name: /^Kwartaalrapportage meekijkconsulten K[1-4] \d{4}$/ }).waitFor();
    await page.getByRole('heading', { name: 'Kerncijfers' }).waitFor();
    assert.equal(await consults.textContent(), String(after.consults));
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.topbar').isVisible(), false);
    assert.equal(await page.getByRole('button', { name: 'Afdrukken' }).isVisible(), false);
    assert.equal(await page.getByRole('button', { name: /Toon als tabel/ }).count(), 0, 'tables are open on paper');
    assert.deepEqual(consoleErrors, []);
    await context.close();
  });

  test('the GP and the consultant agree to a teaching case; another GP finds it by a word of the advice, without the patient', async () => {
    // The GP's consent, with the photo.
    const { page } = await gpPage();
    await page.goto(`${server.url}/consults/${state.consultId}`);
    const gpPanel = page.getByRole('region', { name: 'Onderwijscasus' });
    await gpPanel.waitFor();
    assert.match(await gpPanel.textContent(), /naam, BSN, geboortedatum en postcode worden vervangen/);
    await gpPanel.getByRole('checkbox', { name: /laesie\.png/ }).check();
    await gpPanel.getByRole('button', { name: 'Akkoord met publicatie' }).click();
    await gpPanel.getByTestId('teaching-mine').filter({ hasText: /^Akkoord/ }).waitFor();
    assert.match(await gpPanel.getByTestId('teaching-published').textContent(), /Niet gepubliceerd/);

    // The consultant sees the GP's choice, takes it over and agrees: published.
    const consultant = await newPage();
    await uiLogin(consultant.page, server.url, users.consultant);
    await consultant.page.goto(`${server.url}/consults/${state.consultId}`);
    const cPanel = consultant.page.getByRole('region', { name: 'Onderwijscasus' });
    await cPanel.getByTestId('teaching-other').filter({ hasText: /^Akkoord/ }).waitFor();
    assert.equal(await cPanel.getByRole('checkbox', { name: /laesie\.png.*ook gekozen door de huisarts/ }).isChecked(), true);
    await cPanel.getByRole('button', { name: 'Akkoord met publicatie' }).click();
    await cPanel.getByRole('link', { name: /Gepubliceerd/ }).waitFor();
    await consultant.context.close();

    // A GP of another practice searches the library by a word of the advice and opens the case.
    const other = await newPage();
    await uiLogin(other.page, server.url, users.otherGp);
    await other.page.getByRole('link', { name: 'Kennisbank' }).click();
    await other.page.getByRole('heading', { name: 'Kennisbank' }).waitFor();
    await other.page.getByLabel('Zoeken').fill('dysplastische');
    await other.page.waitForURL(/\/kennisbank\?q=dysplastische$/);
    const results = other.page.getByTestId('teaching-results').locator('li');
    await results.first().waitFor();
    assert.equal(await results.count(), 1);
    await results.first().getByRole('link', { name: /Pigmentlaesie linker onderarm/ }).click();
    await other.page.waitForURL(/\/kennisbank\/[^/?]+$/);
    const view = other.page.getByTestId('teaching-case');
    await view.getByText('Beeld past bij een dysplastische naevus', { exact: false }).waitFor();
    const text = await other.page.locator('main').textContent();
    assert.doesNotMatch(text, /Vries/, "the patient's name is not on the case page");
    assert.doesNotMatch(text, /111222333|111 222 333|3083|laesie\.png|Huisarts|Dermatoloog|MK-\d{4}/);
    // The photo is shared under a neutral name and shown as a thumbnail.
    await other.page.waitForFunction(() => {
      const i = document.querySelector('[data-testid="teaching-case"] [data-testid="attachment-image"]');
      return i && i.complete && i.naturalWidth === 320;
    });
    assert.equal(await view.getByRole('img').getAttribute('alt'), 'bijlage-1.png');
    // A reload of the case's address is served by the binary.
    await other.page.reload();
    await view.getByText('Beeld past bij een dysplastische naevus', { exact: false }).waitFor();
    await other.context.close();
  });

  test('één loket: a third party asks, the desk routes and answers, a GP reads the public answer', async () => {
    // The wijkteam asks; a BSN in the text is refused with the desk's message.
    const asker = await newPage();
    await uiLogin(asker.page, server.url, users.thirdParty);
    await asker.page.getByRole('link', { name: 'Loket' }).click();
    await asker.page.getByRole('link', { name: 'Nieuwe vraag' }).click();
    await asker.page.getByLabel(/^Titel/).fill('Valpreventie bij thuiswonende ouderen');
    await asker.page.getByLabel(/^Vraag/).fill('Mevrouw met BSN 111222333 valt vaak.');
    await asker.page.getByLabel(/^Onderwerp/).selectOption('frail_elderly');
    await asker.page.getByRole('button', { name: 'Vraag stellen' }).click();
    await asker.page.getByText('Geen patiëntgegevens aan het loket', { exact: false }).first().waitFor();
    await asker.page.getByLabel(/^Vraag/).fill('Wie is per wijk het aanspreekpunt voor valpreventie?');
    await asker.page.getByRole('button', { name: 'Vraag stellen' }).click();
    await asker.page.waitForURL(/\/loket\/[^/]+$/);
    await asker.page.getByTestId('desk-status').filter({ hasText: 'Ontvangen' }).waitFor();
    const questionUrl = asker.page.url();
    await asker.context.close();

    // The desk officer routes it to the care group, then answers it with a public answer.
    const desk = await newPage();
    await uiLogin(desk.page, server.url, users.desk);
    await desk.page.getByTestId('desk-board').waitFor();
    await desk.page.getByRole('link', { name: 'Valpreventie bij thuiswonende ouderen' }).first().click();
    await desk.page.getByTestId('desk-question').waitFor();
    await desk.page.getByLabel(/^Status/).selectOption('routed');
    await desk.page.getByLabel(/^Doorgezet naar/).selectOption({ label: 'IZER' });
    await desk.page.getByRole('button', { name: 'Bijwerken' }).click();
    await desk.page.getByTestId('desk-status').filter({ hasText: 'Doorgezet' }).waitFor();
    for (const status of ['in_progress', 'answered']) {
      await desk.page.getByLabel(/^Status/).selectOption(status);
      if (status === 'answered') {
        await desk.page.getByLabel(/^Antwoord aan de vrager/).fill('Per wijk de POH ouderenzorg.');
        await desk.page.getByLabel(/^Antwoord voor alle huisartsen/).fill('Aanspreekpunt valpreventie: de POH ouderenzorg.');
      }
      await desk.page.getByRole('button', { name: 'Bijwerken' }).click();
      await desk.page.getByTestId('desk-status').filter({ hasText: status === 'answered' ? 'Beantwoord' : 'In behandeling' }).waitFor();
    }
    await desk.context.close();

    // A GP finds the question in the desk list and reads the public answer, not the asker's one.
    const gp = await newPage();
    await uiLogin(gp.page, server.url, users.otherGp);
    await gp.page.getByRole('link', { name: 'Loket' }).click();
    await gp.page.getByRole('link', { name: 'Valpreventie bij thuiswonende ouderen' }).click();
    await gp.page.getByTestId('desk-question').waitFor();
    assert.equal(gp.page.url(), questionUrl);
    await gp.page.getByTestId('desk-public-answer').filter({ hasText: 'Aanspreekpunt valpreventie' }).waitFor();
    assert.equal(await gp.page.getByTestId('desk-answer').count(), 0);
    await gp.context.close();
  });

  test('no page errors anywhere', () => {
    assert.deepEqual(state.pageErrors ?? [], []);
    assert.deepEqual(state.cspErrors ?? [], []);
  });
});
