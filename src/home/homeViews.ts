import { paths } from '../web/paths';
import { hrefWith } from '../web/paging';
import type * as repo from './homeRepository';

// Pure shaping of the home page's counts into sections of tiles; every tile links to the list it counts.

type Counts<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;

export interface Tile {
  value: string;
  label: string;
  href: string;
  detail?: string;
  /** Needs attention now: shown with a heavier border (and said in words by its label). */
  alert?: boolean;
}

export interface Section {
  id: string;
  title: string;
  tiles: Tile[];
}

const nl = new Intl.NumberFormat('nl-NL');
const tile = (count: number, label: string, href: string, alert = false): Tile => ({
  value: nl.format(count),
  label,
  href,
  alert: alert && count > 0,
});
const signals = (params: Record<string, string>) => hrefWith(paths.signals.list, params);
const consultations = (params: Record<string, string>) => hrefWith(paths.consultations, params);
const patterns = (params: Record<string, string>) => hrefWith(paths.patterns.list, params);

export const meldpuntSection = (c: Counts<typeof repo.meldpunt>, userId: string): Section => ({
  id: 'meldpunt',
  title: 'Meldpunt',
  tiles: [
    tile(c.urgent, 'Urgent: jongere nu niet veilig', signals({ status: 'open', urgent: '1' }), true),
    tile(c.messages, 'Nieuwe berichten van melders', signals({ newMessage: '1' }), true),
    tile(c.mine, 'Mijn open signalen', signals({ status: 'open', assignee: userId })),
    tile(c.unassigned, 'Nog niet toegewezen', signals({ status: 'open', assignee: 'niemand' })),
    tile(c.dueToday, 'Contacttermijn verloopt vandaag', signals({ due: 'today' })),
    tile(c.overdue, 'Te laat, nog geen contact', signals({ due: 'overdue' }), true),
  ],
});

export const inspectorSection = (c: Counts<typeof repo.inspector>, since: string): Section => ({
  id: 'inspecteur',
  title: 'Inspecteur: mijn aanbieders',
  tiles: [
    tile(c.openConsultations, 'Open afstemmingen voor mijn aanbieders', consultations({ status: 'open', mine: '1' })),
    tile(c.overdueConsultations, 'Afstemmingen te laat', consultations({ status: 'te-laat', mine: '1' }), true),
    tile(c.newSignals, 'Nieuwe signalen over mijn aanbieders (7 dagen)', signals({ mine: '1', from: since })),
    tile(c.urgent, 'Urgente open signalen over mijn aanbieders', signals({ mine: '1', status: 'open', urgent: '1' }), true),
    tile(c.openAlerts, 'Open waarschuwingen (patronen) over mijn aanbieders', patterns({ status: 'open', mine: '1' }), true),
  ],
});

export function managerSection(c: Counts<typeof repo.manager>, monday: string, today: string): Section {
  const decided = c.met + c.late + c.breached;
  return {
    id: 'manager',
    title: 'Manager: termijnen',
    tiles: [
      tile(c.overdue, 'Nu te laat, nog geen contact', signals({ due: 'overdue' }), true),
      tile(c.dueToday, 'Contacttermijn verloopt vandaag', signals({ due: 'today' })),
      {
        // The same share as the follow-up report: met / (met + late + breached); unreachable and open apart.
        value: decided === 0 ? '—' : `${Math.round((c.met / decided) * 100)}%`,
        label: 'Deze week binnen de norm',
        detail: decided === 0 ? 'nog geen signalen met een uitkomst' : `${nl.format(c.met)} van ${nl.format(decided)}`,
        href: hrefWith(paths.followUpReport, { from: monday, to: today }),
      },
      tile(c.overdueConsultations, 'Afstemmingen JeugdzorgPlus te laat', consultations({ status: 'te-laat' }), true),
      tile(c.openAlerts, 'Open waarschuwingen (patronen)', patterns({ status: 'open' })),
    ],
  };
}

export const beheerderSection = (c: Counts<typeof repo.beheerder>, today: string): Section => ({
  id: 'beheerder',
  title: 'Beheer',
  tiles: [
    {
      ...tile(c.activeUsers, 'Actieve gebruikers', paths.admin.users),
      detail: c.inactiveUsers > 0 ? `${nl.format(c.inactiveUsers)} gedeactiveerd` : undefined,
    },
    tile(c.failedMail, 'Mail niet verzonden', hrefWith(paths.admin.outbox, { status: 'failed' }), true),
    tile(c.auditToday, 'Regels in de audittrail vandaag', hrefWith(paths.admin.audit, { from: today, to: today })),
  ],
});

/** Monday of the ISO week of a calendar day. */
export function mondayOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

/** Six days before `day`: with `day` itself, the last seven days. */
export const weekBefore = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10);
