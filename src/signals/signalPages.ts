import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Services } from '../composition';
import { ValidationError, isUuid } from '../common/errors';
import { fill, paths } from '../web/paths';
import { formatDateTime } from '../web/format';
import { flash, options, renderInvalid } from '../web/forms';
import { actorOf } from '../web/actor';
import { auditTrailHref } from '../audit/auditLinks';
import { toAmsterdamLocal } from './followUp/deadlines';
import {
  ANSWERS,
  CHANNELS,
  CONTACT_CHANNELS,
  REFERRALS,
  REPORTER_TYPES,
  SAFE_NOW,
  SIGNAL_STATUSES,
  TRANSITIONS,
  isYoungPerson,
} from './types';
import { FOLLOW_UP_LABELS, statusLabel, timeLeftText } from './signalViews';
import { alertView } from './followUp/alertViews';
import { duplicatePanel } from './duplicateViews';
import { placePicker } from './intake/placePicker';

// Why the signal became urgent first: the history's first 'urgent' event says (not safe now, a serious threat, a duplicate).
const urgentWhy = (events: Array<{ kind: string; data: unknown }>): string | undefined => {
  const first = events.find((e) => e.kind === 'urgent');
  const why = (first?.data as { why?: unknown } | undefined)?.why;
  return typeof why === 'string' ? why : undefined;
};
const yesNoText = (v: boolean | null | undefined) => (v === true ? 'Ja' : v === false ? 'Nee' : '—');
const yesNo = (v: boolean | null | undefined) => (v === true ? 'ja' : v === false ? 'nee' : undefined);

/** Everything the signal page shows; contact details only to those allowed, and that view is audited. */
export async function signalPage(services: Services, req: Request, extra: Record<string, unknown> = {}) {
  const id = String(req.params.id);
  const user = req.user!;
  // Refuses (403) an inspector who is not assigned, and audits the view, before anything of the signal is read.
  const { signal: s, contact, attempts, messages } = await services.signalReader.open(actorOf(req), user, id);
  const now = services.clock.now();
  const staff = user.roles.includes('meldpunt') || user.roles.includes('manager');
  const [events, assessment, consultation, themes, team] = await Promise.all([
    services.signals.events(id),
    services.assessments.assessment(id),
    services.assessments.consultationOf(id),
    services.assessments.themes(),
    services.users.list(),
  ]);
  const assignable = team.filter((u) => u.active && (u.roles.includes('meldpunt') || u.roles.includes('manager')));
  const isAssignedInspector = s.providerId ? (await services.providers.get(s.providerId)).inspectors.some((i) => i.id === user.id) : false;
  const msLeft = s.dueAt.getTime() - now.getTime();
  const waiting = !s.duplicateOf && (s.followUp === 'open' || s.followUp === 'breached');
  const values = (extra.values ?? {}) as Record<string, unknown>;
  return {
    title: `Signaal ${s.reference}`,
    signal: s,
    staff,
    isManager: user.roles.includes('manager'),
    young: isYoungPerson(s.reporterType),
    statusLabel: statusLabel(s.status),
    reporterLabel: REPORTER_TYPES[s.reporterType],
    channelLabel: CHANNELS[s.channel],
    safeNowLabel: s.safeNow ? SAFE_NOW[s.safeNow as keyof typeof SAFE_NOW] : 'niet gevraagd',
    received: formatDateTime(s.receivedAt),
    due: formatDateTime(s.dueAt),
    // A duplicate has no deadline of its own: it is followed up through its original.
    followUpLabel: s.duplicateOf ? 'via het oorspronkelijke signaal (dubbel)' : FOLLOW_UP_LABELS[s.followUp],
    open: waiting,
    // The next step open: a message for a reporter who reads with a code (there is no one to call), else the contact.
    contactPanelOpen: waiting && !s.hasReceipt,
    messagePanelOpen: s.hasReceipt && (waiting || s.reporterMessageAt !== null),
    overdue: waiting && s.followUp === 'breached',
    timeLeft: waiting ? timeLeftText(msLeft) : undefined,
    providerHref: s.providerId ? fill(paths.providers.show, { id: s.providerId }) : undefined,
    auditHref: auditTrailHref(user.roles, 'signal', id),
    contact,
    contactHidden: !contact && !s.anonymous && !s.contactRemovedAt,
    attempts: attempts.map((a) => ({
      ...a,
      when: formatDateTime(a.at),
      channelLabel: CONTACT_CHANNELS[a.channel as keyof typeof CONTACT_CHANNELS] ?? a.channel,
      su: a.structural_unsafety && ANSWERS[a.structural_unsafety as keyof typeof ANSWERS],
      bc: a.boundary_crossing && ANSWERS[a.boundary_crossing as keyof typeof ANSWERS],
    })),
    failedAttempts: attempts.filter((a) => !a.successful).length,
    events: events.map((e) => ({ ...e, when: formatDateTime(e.at) })),
    messages: messages.map((m) => ({
      ...m,
      fromStaff: m.direction === 'staff',
      when: formatDateTime(m.created_at),
      readWhen: m.read_at ? formatDateTime(m.read_at) : undefined,
    })),
    consultation: consultation && {
      ...consultation,
      due: formatDateTime(consultation.due_at),
      done: consultation.outcome_at ? formatDateTime(consultation.outcome_at) : undefined,
      overdue: !consultation.outcome_at && !s.duplicateOf && consultation.due_at < now,
    },
    canRecordConsultation: Boolean(consultation && !consultation.outcome_at && isAssignedInspector),
    nextStatuses: (TRANSITIONS[s.status] ?? []).map((to) => ({ value: to, text: SIGNAL_STATUSES[to] })),
    assigneeOptions: assignable.map((u) => ({ value: u.id, text: u.name, selected: u.id === s.assigneeId })),
    reporterTypeOptions: options(REPORTER_TYPES, s.reporterType),
    channelOptions: options(CONTACT_CHANNELS, (values.channel as string) ?? 'telefoon'),
    successOptions: [
      { value: 'ja', text: 'Ja, ik heb de melder gesproken of geschreven', checked: values.successful === 'ja' },
      { value: 'nee', text: 'Nee, geen contact (poging mislukt)', checked: values.successful === 'nee' },
    ],
    suOptions: Object.entries(ANSWERS).map(([value, text]) => ({ value, text, checked: values.structuralUnsafety === value })),
    bcOptions: Object.entries(ANSWERS).map(([value, text]) => ({ value, text, checked: values.boundaryCrossing === value })),
    contactAt: (values.at as string) ?? toAmsterdamLocal(now),
    assessment,
    // What was typed wins over what was saved, so a refused form never loses it.
    adviceValue: typeof values.advice === 'string' ? values.advice : assessment?.advice,
    criteria: [
      { name: 'possibleMisstand', legend: 'Wijst het signaal op een mogelijke misstand?', value: yesNo(assessment?.possible_misstand) },
      {
        name: 'seriousThreat',
        legend: 'Is er een ernstige bedreiging van de veiligheid van de jeugdige?',
        value: yesNo(assessment?.serious_threat),
      },
      {
        name: 'meldplicht',
        legend: 'Had de aanbieder dit zelf moeten melden (calamiteit of geweld)?',
        value: yesNo(assessment?.meldplicht),
      },
      { name: 'concernsJzp', legend: 'Gaat het over JeugdzorgPlus?', value: yesNo(assessment?.concerns_jzp ?? s.concernsClosedCare) },
    ].map((c) => ({
      ...c,
      options: [
        { value: 'ja', text: 'Ja', checked: ((values[c.name] as string) ?? c.value) === 'ja' },
        { value: 'nee', text: 'Nee', checked: ((values[c.name] as string) ?? c.value) === 'nee' },
      ],
    })),
    themeOptions: themes.map((t) => ({ value: t.code, text: t.label, selected: (assessment?.themes ?? []).includes(t.code) })),
    // Whoever may read the signal reads its assessment too (an inspector saw only its date).
    assessmentSummary: assessment && [
      { label: 'Mogelijke misstand', value: yesNoText(assessment.possible_misstand) },
      { label: 'Ernstige bedreiging van de veiligheid', value: yesNoText(assessment.serious_threat) },
      { label: 'Had de aanbieder moeten melden', value: yesNoText(assessment.meldplicht) },
      { label: 'Over JeugdzorgPlus', value: yesNoText(assessment.concerns_jzp) },
      {
        label: 'Thema’s',
        value:
          themes
            .filter((t) => assessment.themes.includes(t.code))
            .map((t) => t.label)
            .join(', ') || '—',
      },
      { label: 'Gegeven advies', value: assessment.advice || '—' },
      { label: 'Doorverwezen naar', value: assessment.referrals.map((r) => REFERRALS[r as keyof typeof REFERRALS] ?? r).join(', ') || '—' },
    ],
    referralOptions: options(REFERRALS, assessment?.referrals ?? []),
    actions: Object.fromEntries(
      Object.entries(paths.signals)
        .filter(([k]) => !['queue', 'new', 'show'].includes(k))
        .map(([k, p]) => [k, fill(p, { id })]),
    ),
    duplicates: await duplicatePanel(services, id, user),
    ...alertView(s, attempts, messages, values, urgentWhy(events)),
    errors: {},
    values,
    ...extra,
  };
}

export const registrationForm = async (services: Services, values: Record<string, unknown>, errors: Record<string, string> = {}) => ({
  title: 'Signaal registreren',
  values,
  // Kept through a refused submission, so the corrected one still counts as the same form.
  submission: isUuid(values.submission) ? values.submission : randomUUID(),
  channelOptions: options(CHANNELS, values.channel as string),
  reporterOptions: options(REPORTER_TYPES, values.reporterType as string),
  safeOptions: options(SAFE_NOW, values.safeNow as string),
  ...(await placePicker(services, values, errors)),
});

/**
 * One action on the signal page, for every workflow's routes: on bad input the page comes back with
 * messages and the typed values; otherwise a confirmation on the signal page.
 */
export const signalAction =
  (services: Services) => (run: (req: Request) => Promise<unknown>, done: string) => async (req: Request, res: Response) => {
    try {
      await run(req);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      return renderInvalid(res, 'signals/show', await signalPage(services, req, { values: req.body }), e, req.body);
    }
    flash(res, done);
    res.redirect(303, fill(paths.signals.show, { id: String(req.params.id) }));
  };
