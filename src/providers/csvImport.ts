import { parse } from 'csv-parse/sync';
import type { Db } from '../db/connection';
import type { Actor } from '../audit/types';
import { ValidationError } from '../common/errors';
import * as repo from './providerRepository';
import type { ProviderService } from './providerService';
import { validateLocation, validateProvider, validateUnit } from './providerValidation';
import { CARE_TYPES, PROVIDER_TYPES } from './types';

export const CSV_COLUMNS = ['aanbieder', 'kvk', 'soort', 'locatie', 'adres', 'gemeente', 'regio', 'groep', 'zorgvorm', 'plaatsen'] as const;
/** The care types a file may name, in the words the rest of the application uses. */
export const CSV_CARE_TYPES = Object.values(CARE_TYPES).join(', ');

export interface ImportReport {
  rows: number;
  imported: number;
  created: { providers: number; locations: number; units: number };
  rejected: Array<{ line: number; reason: string }>;
}

// Accept the codes and the Dutch labels, whatever their case, since files come from spreadsheets.
function lookup(table: Record<string, string>, value: string): string {
  const v = value.trim().toLowerCase();
  if (!v) return '';
  for (const [code, label] of Object.entries(table)) {
    if (code === v || label.toLowerCase() === v || label.toLowerCase().startsWith(`${v} (`)) return code;
  }
  return v;
}

type Row = Partial<Record<(typeof CSV_COLUMNS)[number], string>>;

// Validation speaks of fields (`groep.places`); a person importing a spreadsheet knows the columns.
const COLUMN_OF: Record<string, string> = {
  name: 'aanbieder',
  kvkNumber: 'kvk',
  type: 'soort',
  'locatie.name': 'locatie',
  'locatie.address': 'adres',
  'locatie.municipality': 'gemeente',
  'locatie.region': 'regio',
  'groep.name': 'groep',
  'groep.careType': 'zorgvorm',
  'groep.places': 'plaatsen',
};
const columnOf = (field: string) => `kolom ${COLUMN_OF[field] ?? field}`;

/** csv-parse explains in English; what someone fixing a spreadsheet needs, in Dutch, with the line. */
function unreadable(e: unknown): string {
  const err = e as { code?: string; lines?: number };
  const where = err.lines ? ` (rond regel ${err.lines})` : '';
  const why =
    err.code === 'CSV_QUOTE_NOT_CLOSED'
      ? 'een aanhalingsteken wordt niet gesloten'
      : err.code === 'CSV_INVALID_CLOSING_QUOTE' || err.code === 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE'
        ? 'na een afsluitend aanhalingsteken staat nog tekst in hetzelfde veld'
        : 'controleer de aanhalingstekens en het scheidingsteken (; of ,)';
  return `Het bestand is geen leesbaar CSV-bestand${where}: ${why}.`;
}

/** Imports each row in its own transaction: a bad row is reported with its line number and never costs the good ones. */
export function csvImport(db: Db, providers: ProviderService) {
  async function importRow(actor: Actor, r: Row, counts: ImportReport['created']): Promise<void> {
    const provider = {
      name: r.aanbieder ?? '',
      kvkNumber: r.kvk ?? '',
      type: lookup(PROVIDER_TYPES, r.soort ?? '') || 'jeugdhulpaanbieder',
    };
    const location = { name: r.locatie ?? '', address: r.adres ?? '', municipality: r.gemeente ?? '', region: r.regio ?? '' };
    const hasUnit = Boolean(r.groep?.trim() || r.zorgvorm?.trim() || r.plaatsen?.trim());
    const unit = { name: r.groep ?? '', careType: lookup(CARE_TYPES, r.zorgvorm ?? ''), places: r.plaatsen ?? '' };
    const errors = {
      ...validateProvider(provider, { withLocations: false }),
      ...validateLocation(location, 'locatie.'),
      ...(hasUnit ? validateUnit(unit, 'groep.') : {}),
    };
    // A spreadsheet has no list to choose from: name what the column may hold, and what it held instead.
    if (errors['groep.careType']) {
      const given = (r.zorgvorm ?? '').trim().slice(0, 40);
      errors['groep.careType'] = `Kies een zorgvorm uit de lijst: ${CSV_CARE_TYPES}${given ? ` (‘${given}’ staat er niet in)` : ''}`;
    }
    if (Object.keys(errors).length > 0) throw new ValidationError(errors);

    await db.transaction().execute(async (trx) => {
      const kvk = provider.kvkNumber.trim();
      let p = kvk ? await repo.findByKvk(trx, kvk) : await repo.findByName(trx, provider.name.trim());
      if (!p) {
        p = await providers.insertProviderIn(trx, actor, provider);
        counts.providers++;
      }
      let loc = await repo.findLocationByName(trx, p.id, location.name.trim());
      if (!loc) {
        loc = await providers.insertLocationTree(trx, actor, p.id, location);
        counts.locations++;
      }
      if (hasUnit && !(await repo.findUnitByName(trx, loc.id, unit.name.trim()))) {
        await providers.insertUnit(trx, actor, loc.id, unit);
        counts.units++;
      }
    });
  }

  return async function importCsv(actor: Actor, text: string): Promise<ImportReport> {
    const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
    const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
    let records: Array<{ record: Row; info: { lines: number } }>;
    try {
      records = parse(text, {
        columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
        delimiter,
        bom: true,
        trim: true,
        skip_empty_lines: true,
        relax_column_count: true,
        info: true,
      });
    } catch (e) {
      throw new ValidationError({ file: unreadable(e) });
    }
    if (records.length === 0)
      throw new ValidationError({
        file: `Het bestand bevat geen regels met aanbieders. Verwacht: een kopregel met ${CSV_COLUMNS.join(';')} en daaronder een regel per groep.`,
      });
    const report: ImportReport = { rows: records.length, imported: 0, created: { providers: 0, locations: 0, units: 0 }, rejected: [] };
    const header = Object.keys(records[0]?.record ?? {});
    const missing = ['aanbieder', 'locatie', 'adres', 'gemeente'].filter((c) => records.length > 0 && !header.includes(c));
    if (missing.length > 0)
      throw new ValidationError({ file: `Kolommen ontbreken: ${missing.join(', ')}. Verwacht: ${CSV_COLUMNS.join(';')}` });

    for (const { record, info } of records) {
      try {
        await importRow(actor, record, report.created);
        report.imported++;
      } catch (e) {
        const reason =
          e instanceof ValidationError
            ? Object.entries(e.fieldErrors)
                .map(([f, m]) => `${columnOf(f)}: ${m}`)
                .join('; ')
            : 'onverwachte fout bij opslaan';
        report.rejected.push({ line: info.lines, reason });
      }
    }
    return report;
  };
}

export type CsvImport = ReturnType<typeof csvImport>;
