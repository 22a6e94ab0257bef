import { actionText, changeLines, fieldLabel, idsIn, objectText, pager, trailQuery, valueText } from '../../src/audit/auditViews';
import { FIELD_LABELS } from '../../src/audit/auditLabels';
import { plural } from '../../src/web/format';

// Issue 8 point 17: every entry reads in Dutch, "veld: oud → nieuw", never as raw JSON keys.
const USER = '1b4e28ba-2fa1-11d2-883f-0016d3cca427';
const names = new Map([[USER, 'Mila Jansen']]);

test('a change reads "veld: oud → nieuw" with Dutch field names and values', () => {
  expect(
    changeLines('update', { status: { before: 'nieuw', after: 'in-behandeling' }, assigneeId: { before: null, after: USER } }, names),
  ).toEqual(['status: Nieuw → In behandeling', 'behandelaar: — → Mila Jansen']);
  expect(
    changeLines('update', { roles: { before: ['meldpunt'], after: ['inspecteur', 'manager'] }, active: { before: true, after: false } }),
  ).toEqual(['rollen: Meldpunt → Inspecteur, Manager', 'actief: ja → nee']);
});

test('a creation shows the new values alone; instants in Amsterdam time; codes by name', () => {
  const lines = changeLines('create', {
    reference: { before: null, after: 'S-2026-000042' },
    receivedAt: { before: null, after: '2026-11-20T08:30:00.000Z' },
    reporterType: { before: null, after: 'jeugdige' },
    channel: { before: null, after: 'telefoon' },
    contactDetails: { before: null, after: true },
  });
  expect(lines).toEqual([
    'kenmerk: S-2026-000042',
    'ontvangen: 20 november 2026 om 09:30',
    'melder: Jeugdige zelf',
    'kanaal: Telefoon',
    'contactgegevens: ja',
  ]);
});

test('what is not a change (a read, a granted role, a purge, inspectors) reads as "veld: waarde"', () => {
  expect(changeLines('read', { fields: ['summary', 'description', 'contact'] })).toEqual([
    'ingezien: samenvatting, beschrijving, contactgegevens',
  ]);
  expect(changeLines('role-granted', { role: 'meldpunt' })).toEqual(['rol: Meldpunt']);
  expect(changeLines('purge', { removed: { contactDetails: true, attemptNotes: 2, messages: 0, reasons: false } })).toEqual([
    'verwijderd: contactgegevens ja, notities bij contactpogingen 2, berichten 0, redenen nee',
  ]);
  expect(changeLines('inspectors-assigned', { added: [{ id: USER, name: 'Ivo' }], removed: [] })).toEqual([
    'toegevoegd: Ivo',
    'verwijderd: geen',
  ]);
  expect(changeLines('login', {})).toEqual([]);
  expect(changeLines('login', null)).toEqual([]);
});

test('no raw keys: every field the services write has a Dutch name, an unknown one is written out in words', () => {
  for (const key of [
    'possible_misstand',
    'serious_threat',
    'concerns_jzp',
    'kvkNumber',
    'care_type',
    'withinNorm',
    'unreachableAt',
    'breachReason',
    'signalId',
    'structuralUnsafety',
    'notDiscussedReason',
    'duplicateOf',
    'outcome',
  ]) {
    expect(fieldLabel(key)).toBe(FIELD_LABELS[key]);
    expect(fieldLabel(key)).not.toBe(key);
  }
  expect(fieldLabel('someNewField')).toBe('some new field');
  expect(actionText('reset-password')).toBe('wachtwoord opnieuw ingesteld');
  expect(objectText('contact-attempt')).toBe('contactpoging');
  expect(valueText('unit', 'working-days')).toBe('werkdagen');
  expect(valueText('structuralUnsafety', 'niet-besproken')).toBe('Niet besproken');
  expect(valueText('endsOn', '2026-12-31')).toBe('31 december 2026');
  expect(valueText('places', 12)).toBe('12');
});

test('ids in an entry are collected so they can be shown by name', () => {
  expect(
    idsIn([
      { objectId: USER, changes: { assigneeId: { before: null, after: USER } } },
      { objectId: 'onbekend-account', changes: {} },
    ]),
  ).toEqual([USER]);
});

test('page links keep every filter, and the caption counts the rows', () => {
  const p = { objectType: 'signal', objectId: 'S-2026-000042', actorId: '', from: '2026-11-01', to: '2026-11-30' };
  expect(trailQuery(p, 2)).toBe('?objectType=signal&objectId=S-2026-000042&from=2026-11-01&to=2026-11-30&pagina=2');
  expect(trailQuery({ ...p, objectType: '', objectId: '', from: '', to: '' })).toBe('');
  const first = pager('/beheer/audit', p, 1, 50, 120);
  expect(first).toMatchObject({ pages: 3, text: 'Regels 1–50 van 120, nieuwste eerst', previousHref: undefined });
  expect(first.nextHref).toBe('/beheer/audit?objectType=signal&objectId=S-2026-000042&from=2026-11-01&to=2026-11-30&pagina=2');
  const last = pager('/beheer/audit', p, 3, 50, 120);
  expect(last).toMatchObject({ text: 'Regels 101–120 van 120, nieuwste eerst', nextHref: undefined });
  expect(last.previousHref).toContain('pagina=2');
  expect(pager('/beheer/audit', p, 1, 50, 1).text).toBe('1 regel');
  expect(pager('/beheer/audit', p, 1, 50, 0).text).toBe('0 regels');
});

test('plural: only exactly one is singular', () => {
  expect([0, 1, 2].map((n) => plural(n, 'afstemming', 'afstemmingen'))).toEqual(['0 afstemmingen', '1 afstemming', '2 afstemmingen']);
});
