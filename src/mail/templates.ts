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

// Subjects never carry personal data (they show in mail server logs and notification previews): a reference at most.
export const SUBJECTS = {
  welcome: 'Uw account voor Jeugdtoezicht',
  'password-reset': 'Uw wachtwoord voor Jeugdtoezicht is opnieuw ingesteld',
  'signal-reminder': 'Herinnering: contact opnemen voor signaal {{reference}}',
  'signal-warning': 'Over 12 uur verloopt de contacttermijn van signaal {{reference}}',
  'signal-breach': 'Contacttermijn verlopen: signaal {{reference}}',
  consultation: 'Afstemming JeugdzorgPlus: signaal {{reference}}',
  'signal-urgent': 'Spoed: signaal {{reference}}',
  'signal-message': 'Nieuw bericht van de melder bij signaal {{reference}}',
  'role-granted': 'Een rol met toegang tot persoonsgegevens is toegekend',
  'access-changed': 'Inloggegevens gewijzigd van een account met toegang tot persoonsgegevens',
  'email-changed': 'Het e-mailadres van uw account is gewijzigd',
  'pattern-digest': 'Patronen: nieuwe of versterkte waarschuwingen bij uw aanbieders',
  'daily-overview': 'Dagelijks overzicht van {{dayText}}: nieuw bij uw aanbieders',
} as const;
export type MailTemplate = keyof typeof SUBJECTS;

export function renderMail(template: MailTemplate, context: Record<string, unknown>): { subject: string; html: string; text: string } {
  return {
    subject: Handlebars.compile(SUBJECTS[template], { strict: true, noEscape: true })(context),
    html: compiled(`${template}.html.hbs`, true)(context),
    text: compiled(`${template}.text.hbs`, false)(context),
  };
}
