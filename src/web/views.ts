import path from 'node:path';
import type { Express } from 'express';
import { engine } from 'express-handlebars';
import { projectRoot } from '../common/projectRoot';
import { labels } from './labels';
import { formatDateTime, formatDay } from './format';

function lookupLabel(key: string): string {
  const v = key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), labels);
  return typeof v === 'string' ? v : key;
}

// Helpers stay tiny; shaping data for a page happens in the route's view functions.
const helpers = {
  t: (key: string) => lookupLabel(key),
  labelOf: (group: string, key: string) => {
    const g = (labels as Record<string, unknown>)[group] as Record<string, string> | undefined;
    return g?.[key] ?? key;
  },
  dateTime: (d: Date | string) => formatDateTime(d),
  day: (d: string) => formatDay(d),
  eq: (a: unknown, b: unknown) => a === b,
  includes: (list: unknown, v: unknown) => Array.isArray(list) && list.includes(v),
  or: (...args: unknown[]) => args.slice(0, -1).some(Boolean),
};

export function setUpViews(app: Express): void {
  const views = path.join(projectRoot, 'views');
  app.engine(
    'hbs',
    // express-handlebars' documented use: its engine answers Express's callback and also returns a promise.
    // eslint-disable-next-line @typescript-eslint/no-misused-promises
    engine({
      extname: '.hbs',
      defaultLayout: 'main',
      layoutsDir: path.join(views, 'layouts'),
      partialsDir: path.join(views, 'partials'),
      helpers,
    }),
  );
  app.set('view engine', 'hbs');
  app.set('views', views);
}
