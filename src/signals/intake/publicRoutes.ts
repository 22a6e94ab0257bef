import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Services } from '../../composition';
import type { FieldErrors } from '../../common/errors';
import { ValidationError, isUuid } from '../../common/errors';
import { systemActor } from '../../audit/types';
import { get, post, type RouteDef } from '../../web/routeTable';
import { rateLimiter } from '../../web/rateLimit';
import { paths } from '../../web/paths';
import { fieldId } from '../../web/forms';
import { formatDateTime } from '../../web/format';
import {
  CONSENT,
  REACH,
  SAFE,
  WHO,
  carried,
  consentQuestion,
  isReachable,
  isStep,
  readAnswers,
  reviewList,
  safeQuestion,
  stepsFor,
  textErrorsOf,
} from './publicForm';
import { nextStep, previousStep, validateStep, type Answers, type Step } from './publicForm';
import { isYoungPerson } from '../types';

const TITLES: Record<Step, string> = {
  wie: 'Wie ben je?',
  waar: 'Over welke plek gaat het?',
  wat: 'Wat is er gebeurd?',
  contact: 'Hoe kunnen we je bereiken?',
  gegevens: 'Je gegevens',
  controle: 'Klopt alles?',
};

const radios = (table: Record<string, string>, chosen: string | undefined) =>
  Object.entries(table).map(([value, text]) => ({ value, text, checked: value === chosen }));

const errorList = (errors: FieldErrors) => Object.entries(errors).map(([field, text]) => ({ href: `#${fieldId(field)}`, text }));

const asSubmission = (v: unknown): string | undefined => (isUuid(v) ? v : undefined);

type Thread = NonNullable<Awaited<ReturnType<Services['contacts']['reporterOpen']>>>;

/** The follow page: the reporter's own report (what and when) above the messages, so they know which one this is. */
const threadView = (found: Thread) => ({
  layout: 'public',
  reference: found.signal.reference,
  original: { summary: found.signal.summary, when: formatDateTime(found.signal.received_at) },
  messages: found.messages.map((m) => ({ ...m, fromStaff: m.direction === 'staff', when: formatDateTime(m.created_at) })),
});

export function publicRoutes(services: Services): RouteDef[] {
  const { providers, signals, contacts, config } = services;
  const limits = { redis: services.redis, queuePrefix: config.queuePrefix, log: services.log };
  const reportLimiter = rateLimiter(limits, 'report', {
    windowMs: 60 * 60 * 1000,
    limit: config.reportRateLimit,
    // Only sending counts; walking through the steps does not.
    skip: (req) => req.body?.action !== 'verstuur',
    handler: (_req, res) => {
      res.status(429).render('signals/intake/limited', { title: 'Even wachten', layout: 'public' });
    },
  });
  const codeLimiter = rateLimiter(limits, 'receipt-code', {
    windowMs: 15 * 60 * 1000,
    limit: 10,
    // Only a code we do not know (404) counts: an empty or too long reply is the visitor's typo, not a guess.
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_req, res) => res.statusCode !== 404,
    handler: (_req, res) => {
      res.status(429).render('signals/intake/follow', {
        title: 'Te veel pogingen',
        layout: 'public',
        error: 'Je hebt te vaak een verkeerde code ingevuld. Probeer het over een kwartier opnieuw.',
      });
    },
  });

  async function placeOptions(q: string, chosen: string | undefined) {
    const { options, more } = await providers.searchPlaces(q);
    return { places: options.map((o) => ({ ...o, checked: o.value === chosen })), more };
  }

  async function placeLabel(a: Answers): Promise<string> {
    return (a.place && (await providers.placeLabel(a.place))) || a.placeText || '';
  }

  async function renderStep(res: Response, step: Step, a: Answers, given: FieldErrors = {}) {
    if (!isUuid(a.submission)) a.submission = randomUUID();
    // A search text that cannot be searched for is shown beside the search box, whichever button was pressed.
    const qProblem = step === 'waar' ? textErrorsOf(a, ['q']).q : undefined;
    const errors = qProblem ? { ...given, q: qProblem } : given;
    const status = Object.keys(errors).length > 0 ? 400 : 200;
    const steps = stepsFor(a);
    const typed = (a.q ?? '').trim().length;
    const found = step === 'waar' && !qProblem && typed >= 2 ? await placeOptions(a.q!, a.place) : { places: [], more: false };
    res.status(status).render(`signals/intake/${step}`, {
      layout: 'public',
      title: `${Object.keys(errors).length > 0 ? 'Er ging iets mis — ' : ''}${TITLES[step]} — Melden`,
      heading: TITLES[step],
      step,
      stepNumber: steps.indexOf(step) + 1,
      stepCount: steps.length,
      first: step === 'wie',
      values: a,
      carry: carried(a, step),
      errors,
      errorList: errorList(errors),
      who: radios(WHO, a.reporterType),
      safe: radios(SAFE, a.safeNow),
      safeQuestion: safeQuestion(a),
      reach: radios(REACH, a.reach),
      byPhone: a.reach === 'telefoon',
      byEmail: a.reach === 'email',
      askConsent: step === 'controle' && isReachable(a),
      consentQuestion: consentQuestion(a),
      consent: radios(CONSENT, a.consent),
      ...found,
      searched: step === 'waar' && !qProblem && typed >= 2,
      // One letter matches almost everything: say what to type instead of showing nothing or everything.
      tooShort: step === 'waar' && !qProblem && typed === 1,
      review: step === 'controle' ? reviewList(a, await placeLabel(a)) : [],
    });
  }

  async function send(req: Request, res: Response, a: Answers) {
    for (const s of stepsFor(a)) {
      const errors = validateStep(s, a);
      if (Object.keys(errors).length > 0) return renderStep(res, s, a, errors);
    }
    if (typeof req.body.website === 'string' && req.body.website !== '') {
      // Honeypot filled in: a bot. It sees the normal thank-you page, and nothing is saved.
      return res.render('signals/intake/done', { layout: 'public', title: 'Bedankt voor je melding' });
    }
    const [kind, id] = (a.place ?? '').split(':');
    const description = (a.description ?? '').trim();
    const anonymous = a.reach === 'anoniem';
    try {
      const { signal, receiptCode, replayed } = await signals.register(
        { ...systemActor('contactformulier'), requestId: req.id },
        {
          channel: 'formulier',
          reporterType: a.reporterType!,
          providerId: kind === 'p' ? id : undefined,
          locationId: kind === 'l' ? id : undefined,
          unitId: kind === 'u' ? id : undefined,
          providerText: a.placeText,
          summary: description.split(/(?<=[.!?])\s/)[0]!.slice(0, 120),
          description,
          sinceWhen: a.sinceWhen,
          safeNow: a.safeNow,
          anonymous,
          consentShare: a.consent === 'ja',
          // readAnswers already dropped what the chosen way of contact does not use; anonymous stores none of it.
          contact: anonymous ? undefined : { name: a.name, phone: a.phone, email: a.email, preferredMoments: a.preferredMoments },
        },
        { receipt: anonymous, idempotency: isUuid(a.submission) ? { scope: 'form:melden', key: a.submission } : undefined },
      );
      const norm = await services.norms.get(signal.normId);
      res.render('signals/intake/done', {
        layout: 'public',
        title: 'Bedankt voor je melding',
        reference: signal.reference,
        within: norm.unit === 'hours' ? `binnen ${Number(norm.amount)} uur` : `binnen ${Number(norm.amount)} werkdagen`,
        due: formatDateTime(signal.dueAt),
        receiptCode,
        anonymous,
        // Sent again: the same signal, and its code only ever shows the first time.
        replayed,
        // "Ben je nu veilig? — Nee": the page says what happens now and whom to call.
        urgent: signal.urgentAt !== null,
        aboutSelf: isYoungPerson(signal.reporterType),
      });
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      return renderStep(res, 'waar', a, { placeText: 'Deze plek kennen we niet meer. Kies opnieuw of schrijf de naam op.' });
    }
  }

  return [
    get(paths.report, 'public', (_req, res) => renderStep(res, 'wie', {})),
    post(
      paths.report,
      'public',
      async (req, res) => {
        const a = readAnswers(req.body);
        const step = isStep(req.body.step) ? req.body.step : 'wie';
        const action = req.body.action;
        if (action === 'vorige') return renderStep(res, previousStep(step, a), a);
        if (action === 'zoek') return renderStep(res, 'waar', a);
        if (action === 'verstuur') return send(req, res, a);
        const errors = validateStep(step, a);
        return renderStep(res, Object.keys(errors).length > 0 ? step : nextStep(step, a), a, errors);
      },
      [reportLimiter],
    ),
    get(paths.follow, 'public', (_req, res) => res.render('signals/intake/follow', { layout: 'public', title: 'Je melding volgen' })),
    post(
      paths.follow,
      'public',
      async (req, res) => {
        const code = typeof req.body.code === 'string' ? req.body.code.trim() : '';
        const found = code ? await contacts.reporterOpen(code) : undefined;
        if (!found)
          return res.status(404).render('signals/intake/follow', {
            layout: 'public',
            title: 'Code onbekend — Je melding volgen',
            error: 'Deze code kennen we niet. Kijk of je hem goed hebt overgenomen.',
            code,
          });
        res.render('signals/intake/thread', {
          ...threadView(found),
          title: `Je melding ${found.signal.reference}`,
          code,
          submission: randomUUID(),
        });
      },
      [codeLimiter],
    ),
    post(
      paths.followReply,
      'public',
      async (req, res) => {
        const code = typeof req.body.code === 'string' ? req.body.code.trim() : '';
        const message = typeof req.body.message === 'string' ? req.body.message : '';
        try {
          if (!(await contacts.reporterReply(code, message, asSubmission(req.body.submission))))
            return res.status(404).render('signals/intake/follow', {
              layout: 'public',
              title: 'Code onbekend — Je melding volgen',
              error: 'Deze code kennen we niet.',
              code,
            });
        } catch (e) {
          if (!(e instanceof ValidationError)) throw e;
          const found = await contacts.reporterOpen(code);
          return res.status(400).render('signals/intake/thread', {
            ...(found ? threadView(found) : { layout: 'public' }),
            title: 'Er ging iets mis — Je melding',
            code,
            values: { message },
            submission: asSubmission(req.body.submission) ?? randomUUID(),
            errors: e.fieldErrors,
            errorList: errorList(e.fieldErrors),
          });
        }
        const found = (await contacts.reporterOpen(code))!;
        res.render('signals/intake/thread', {
          ...threadView(found),
          title: `Je melding ${found.signal.reference}`,
          code,
          sent: true,
          submission: randomUUID(),
        });
      },
      [codeLimiter],
    ),
  ];
}
