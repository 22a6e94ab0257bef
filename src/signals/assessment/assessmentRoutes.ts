import type { Request } from 'express';
import type { Services } from '../../composition';
import { ValidationError } from '../../common/errors';
import { post, type RouteDef } from '../../web/routeTable';
import { paths } from '../../web/paths';
import { actorOf } from '../../web/actor';
import { asList, asText } from '../../web/forms';
import { signalAction } from '../signalPages';

const STAFF = ['meldpunt', 'manager'] as const;
const id = (req: Request) => String(req.params.id);
// Named in error messages, so three refusals never read "Kies ja of nee" three times over.
const CRITERIA = {
  possibleMisstand: 'mogelijke misstand',
  seriousThreat: 'ernstige bedreiging van de veiligheid',
  meldplicht: 'had de aanbieder moeten melden',
  concernsJzp: 'gaat het over JeugdzorgPlus',
} as const;

/** The assessment on fixed criteria, and the consultation with the provider's inspectors. */
export function assessmentRoutes(services: Services): RouteDef[] {
  const { assessments } = services;
  const action = signalAction(services);
  return [
    post(
      paths.signals.assess,
      STAFF,
      action((req) => {
        const b = req.body as Record<string, unknown>;
        const yn = (k: string) => b[k] === 'ja';
        const missing = ['possibleMisstand', 'seriousThreat', 'meldplicht', 'concernsJzp'].filter((k) => b[k] !== 'ja' && b[k] !== 'nee');
        if (missing.length > 0)
          throw new ValidationError(
            Object.fromEntries(missing.map((k) => [k, `Kies ja of nee bij ‘${CRITERIA[k as keyof typeof CRITERIA]}’`])),
          );
        return assessments.assess(actorOf(req), id(req), {
          possibleMisstand: yn('possibleMisstand'),
          seriousThreat: yn('seriousThreat'),
          meldplicht: yn('meldplicht'),
          concernsJzp: yn('concernsJzp'),
          themes: asList(b.themes),
          advice: asText(b.advice),
          referrals: asList(b.referrals),
        });
      }, 'De beoordeling is opgeslagen.'),
    ),
    post(
      paths.signals.consultation,
      ['inspecteur'],
      action(
        (req) => assessments.recordConsultation(actorOf(req), id(req), asText(req.body.outcome)),
        'De uitkomst van de afstemming is vastgelegd.',
      ),
    ),
  ];
}
