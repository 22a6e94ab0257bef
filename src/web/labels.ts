import { CARE_TYPES, PROVIDER_TYPES, STATUS_KINDS } from '../providers/types';

// Dutch interface text lives here, not scattered through templates.
export const labels = {
  app: { name: 'Jeugdtoezicht', owner: 'Inspectie Gezondheidszorg en Jeugd', skip: 'Direct naar de inhoud', footer: 'Jeugdtoezicht — signalen en toezicht in de jeugdhulp' },
  nav: { home: 'Start', providers: 'Aanbieders', import: 'Importeren', users: 'Gebruikers', audit: 'Audittrail', outbox: 'Uitgaande mail', logout: 'Uitloggen', label: 'Hoofdmenu' },
  roles: { meldpunt: 'Meldpunt', inspecteur: 'Inspecteur', manager: 'Manager', beheerder: 'Beheerder' } as Record<string, string>,
  careTypes: CARE_TYPES as Record<string, string>,
  providerTypes: PROVIDER_TYPES as Record<string, string>,
  statusKinds: STATUS_KINDS as Record<string, string>,
  login: {
    title: 'Inloggen',
    email: 'E-mailadres',
    password: 'Wachtwoord',
    submit: 'Inloggen',
    invalid: 'Het e-mailadres of het wachtwoord klopt niet.',
    locked: 'Dit account is tijdelijk geblokkeerd na te veel mislukte pogingen. Probeer het over 15 minuten opnieuw.',
    inactive: 'Dit account is niet actief. Neem contact op met de beheerder.',
    tooMany: 'Te veel inlogpogingen vanaf dit adres. Probeer het later opnieuw.',
  },
  errors: {
    summary: 'Er is iets niet goed ingevuld',
    notFound: 'Deze pagina bestaat niet',
    forbidden: 'U heeft geen toegang tot deze pagina',
    server: 'Er ging iets mis',
    csrf: 'Het formulier is verlopen. Ga terug, laad de pagina opnieuw en probeer het nog eens.',
  },
  audit: { create: 'aangemaakt', update: 'gewijzigd', read: 'bekeken', deactivate: 'gedeactiveerd', activate: 'geactiveerd', 'reset-password': 'wachtwoord opnieuw ingesteld', login: 'ingelogd', import: 'geïmporteerd' } as Record<string, string>,
  mailStatus: { queued: 'In de wachtrij', sent: 'Verzonden', stored: 'Bewaard (geen SMTP)', failed: 'Mislukt' } as Record<string, string>,
};
