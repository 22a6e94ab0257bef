import type { Services } from '../../composition';
import { get, post, type RouteDef } from '../../web/routeTable';
import { fill, paths } from '../../web/paths';
import { actorOf } from '../../web/actor';
import { asText, flash, renderInvalid } from '../../web/forms';

const ADMIN = ['beheerder'] as const;

export function themeRoutes(services: Services): RouteDef[] {
  const { assessments } = services;
  const page = async () => ({
    title: 'Thema’s',
    themes: (await assessments.allThemes()).map((t) => ({ ...t, action: fill(paths.admin.theme, { code: t.code }) })),
  });
  return [
    get(paths.admin.themes, ADMIN, async (_req, res) => res.render('signals/assessment/themes', { ...(await page()), values: {} })),
    post(paths.admin.themes, ADMIN, async (req, res) => {
      try {
        await assessments.saveTheme(actorOf(req), { label: asText(req.body.label), active: true });
      } catch (e) {
        return renderInvalid(res, 'signals/assessment/themes', await page(), e, req.body);
      }
      flash(res, 'Het thema is toegevoegd.');
      res.redirect(303, paths.admin.themes);
    }),
    post(paths.admin.theme, ADMIN, async (req, res) => {
      const code = String(req.params.code);
      const current = (await assessments.allThemes()).find((t) => t.code === code);
      try {
        await assessments.saveTheme(actorOf(req), {
          code,
          label: asText(req.body.label) || current?.label || '',
          active: req.body.active === 'ja',
        });
      } catch (e) {
        return renderInvalid(res, 'signals/assessment/themes', await page(), e, {});
      }
      flash(res, 'Het thema is bijgewerkt.');
      res.redirect(303, paths.admin.themes);
    }),
  ];
}
