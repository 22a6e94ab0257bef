import { readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { projectRoot } from '../common/projectRoot';

const dir = path.join(projectRoot, 'views', 'emails');
const cache = new Map<string, HandlebarsTemplateDelegate>();

function compiled(name: string, html: boolean): HandlebarsTemplateDelegate {
  let t = cache.get(name);
  if (!t) {
    t = Handlebars.compile(readFileSync(path.join(dir, name), 'utf8'), { strict: true, noEscape: !html });
    cache.set(name, t);
  }
  return t;
}

// Subjects never carry personal data: they show in mail server logs and notification previews.
export const SUBJECTS = {
  welcome: 'Uw account voor Jeugdtoezicht',
  'password-reset': 'Uw wachtwoord voor Jeugdtoezicht is opnieuw ingesteld',
} as const;
export type MailTemplate = keyof typeof SUBJECTS;

export function renderMail(template: MailTemplate, context: Record<string, unknown>): { subject: string; html: string; text: string } {
  return {
    subject: SUBJECTS[template],
    html: compiled(`${template}.html.hbs`, true)(context),
    text: compiled(`${template}.text.hbs`, false)(context),
  };
}
