import path from 'node:path';
import type { Express } from 'express';
import { engine } from 'express-handlebars';
import { projectRoot } from '../common/projectRoot';
import { labels } from './labels';
import { formatCount, formatDateTime, formatDay, plural } from './format';

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
  count: (n: number) => formatCount(Number(n)),
  eq: (a: unknown, b: unknown) => a === b,
  plural: (n: number, one: string, many: string) => plural(n, one, many),
  includes: (list: unknown, v: unknown) => Array.isArray(list) && list.includes(v),
  or: (...args: unknown[]) => args.slice(0, -1).some(Boolean),
  /** Whether an object (a form's errors) has any of the keys: a disclosure opens when its form came back with a message. */
  anyOf: (obj: unknown, ...keys: unknown[]) =>
    Boolean(obj && typeof obj === 'object' && keys.slice(0, -1).some((k) => Object.hasOwn(obj, String(k)))),
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
      // A partial on a line of its own indents every line it writes, a <textarea>'s text too: a prefilled message,
      // or a description kept through a refused form, would gain spaces on each line.
      compilerOptions: { preventIndent: true },
    }),
  );
  app.set('view engine', 'hbs');
  app.set('views', views);
}
