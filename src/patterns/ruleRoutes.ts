import type { Services } from '../composition';
import { get, post, type RouteDef } from '../web/routeTable';
import { paths } from '../web/paths';
import { actorOf } from '../web/actor';
import { flash, renderInvalid } from '../web/forms';
import { SETTINGS, fieldName, type Settings } from './ruleSettings';
import { RULES, type Rule } from './types';

const ADMIN = ['beheerder'] as const;

// What each rule does, in a sentence, above its fields.
const ABOUT: Record<Rule, string> = {
  cluster: 'Signalen en meldingen over één groep of locatie binnen een periode, van verschillende melders.',
  rise: 'Meer signalen per plaats dan de eigen basislijn én vergelijkbare groepen doen verwachten (exacte Poisson-grens).',
  'missing-report': 'Een signaal beoordeeld als ‘had de aanbieder moeten melden’, zonder melding van de aanbieder op tijd.',
  recurrence: 'Een thema dat terugkomt nadat een verbetertraject op dat thema is afgesloten.',
  silence: 'Een groep in de JeugdzorgPlus of ZIKOS waarover lang geen jongere contact opnam.',
};

/** The form's fieldsets: per rule its fields, with the stored or the typed value. */
function ruleForm(values: Record<string, string | number>) {
  return (Object.keys(SETTINGS) as Rule[]).map((rule) => ({
    rule,
    legend: RULES[rule],
    about: ABOUT[rule],
    fields: Object.entries(SETTINGS[rule]).map(([key, d]) => ({
      name: fieldName(rule, key),
      label: d.label,
      hint: 'hint' in d ? d.hint : undefined,
      value: values[fieldName(rule, key)],
    })),
  }));
}

const storedValues = (s: Settings): Record<string, string> =>
  Object.fromEntries(
    (Object.keys(s) as Rule[]).flatMap((rule) =>
      Object.entries(s[rule] as Record<string, number>).map(([key, v]) => [
        fieldName(rule, key),
        v.toLocaleString('nl-NL', { maximumFractionDigits: 2, useGrouping: false }),
      ]),
    ),
  );

/** A beheerder tunes the rules' thresholds and windows; each change is audited per rule. */
export function ruleRoutes(services: Services): RouteDef[] {
  const { patterns } = services;
  const view = (values: Record<string, string | number>) => ({
    title: 'Patroonregels',
    action: paths.admin.patternRules,
    rules: ruleForm(values),
  });
  return [
    get(paths.admin.patternRules, ADMIN, async (_req, res) => res.render('patterns/rules', view(storedValues(await patterns.settings())))),
    post(paths.admin.patternRules, ADMIN, async (req, res) => {
      const body = req.body as Record<string, unknown>;
      const typed = Object.fromEntries(
        Object.entries(body)
          .filter(([k]) => k !== '_csrf')
          .map(([k, v]) => [k, typeof v === 'string' ? v : '']),
      );
      try {
        await patterns.saveSettings(actorOf(req), typed);
      } catch (e) {
        // The messages land beside each field (errors by field name), and the form keeps what was typed.
        return renderInvalid(res, 'patterns/rules', view(typed), e, typed);
      }
      flash(res, 'De patroonregels zijn opgeslagen. De volgende controle en de nachtelijke scan gebruiken de nieuwe waarden.');
      res.redirect(303, paths.admin.patternRules);
    }),
  ];
}
