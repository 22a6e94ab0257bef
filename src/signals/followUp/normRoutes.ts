import type { Services } from '../../composition';
import { get, post, type RouteDef } from '../../web/routeTable';
import { fill, paths } from '../../web/paths';
import { formatDateTime } from '../../web/format';
import { actorOf } from '../../web/actor';
import { asList, asText, flash, options, renderInvalid } from '../../web/forms';
import { REPORTER_TYPES } from '../types';

const ADMIN = ['beheerder'] as const;

/** The contact norms (48 hours, 5 working days) that a beheerder maintains. */
export function normRoutes(services: Services): RouteDef[] {
  const { norms } = services;
  const unitLabels = { hours: 'uur', 'working-days': 'werkdagen' };
  const normList = async () => ({
    title: 'Normen voor contact',
    norms: (await norms.active()).map((n) => ({
      ...n,
      amountNumber: Number(n.amount),
      unitLabel: unitLabels[n.unit as keyof typeof unitLabels],
      types: n.reporter_types.map((t) => REPORTER_TYPES[t as keyof typeof REPORTER_TYPES] ?? t).join(', '),
      href: fill(paths.admin.norm, { id: n.id }),
      since: formatDateTime(n.created_at),
    })),
  });
  const normForm = async (id: string, values?: { label: string; unit: string; amount: string | number; reporterTypes: string[] }) => {
    const n = await norms.get(id);
    const v = values ?? { label: n.label, unit: n.unit, amount: Number(n.amount), reporterTypes: n.reporter_types };
    return {
      title: `Norm wijzigen: ${n.label}`,
      norm: n,
      action: fill(paths.admin.norm, { id }),
      values: v,
      unitOptions: options(unitLabels, v.unit),
      typeOptions: options(REPORTER_TYPES, v.reporterTypes),
    };
  };

  return [
    get(paths.admin.norms, ADMIN, async (_req, res) => res.render('signals/followUp/norms', await normList())),
    get(paths.admin.norm, ADMIN, async (req, res) => res.render('signals/followUp/norm', await normForm(String(req.params.id)))),
    post(paths.admin.norm, ADMIN, async (req, res) => {
      const input = {
        label: asText(req.body.label),
        unit: asText(req.body.unit),
        amount: asText(req.body.amount),
        reporterTypes: asList(req.body.reporterTypes),
      };
      try {
        await norms.replace(actorOf(req), String(req.params.id), input);
      } catch (e) {
        return renderInvalid(res, 'signals/followUp/norm', await normForm(String(req.params.id), input), e, input);
      }
      flash(res, 'De norm is gewijzigd. Nieuwe signalen krijgen de nieuwe norm; bestaande houden hun eigen termijn.');
      res.redirect(303, paths.admin.norms);
    }),
  ];
}
