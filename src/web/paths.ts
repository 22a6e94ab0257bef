// Every URL is written once, here; routes, redirects and templates use these.
export const paths = {
  home: '/',
  login: '/inloggen',
  logout: '/uitloggen',
  health: '/healthz',
  providers: {
    list: '/aanbieders',
    new: '/aanbieders/nieuw',
    import: '/aanbieders/import',
    show: '/aanbieders/:id',
    edit: '/aanbieders/:id/bewerken',
    inspectors: '/aanbieders/:id/inspecteurs',
    statuses: '/aanbieders/:id/statussen',
    endStatus: '/aanbieders/:id/statussen/:statusId/beeindigen',
    newLocation: '/aanbieders/:id/locaties/nieuw',
    editLocation: '/aanbieders/:id/locaties/:locationId/bewerken',
    newUnit: '/aanbieders/:id/locaties/:locationId/groepen/nieuw',
    editUnit: '/aanbieders/:id/groepen/:unitId/bewerken',
    // The provider's timeline, and the same filtered to one location or unit.
    timeline: '/aanbieders/:id/tijdlijn',
    locationTimeline: '/aanbieders/:id/locaties/:locationId/tijdlijn',
    unitTimeline: '/aanbieders/:id/groepen/:unitId/tijdlijn',
    // Signals and reports per month of one location or unit (the provider's own chart is on its page).
    locationMonthly: '/aanbieders/:id/locaties/:locationId/per-maand',
    unitMonthly: '/aanbieders/:id/groepen/:unitId/per-maand',
  },
  report: '/melden',
  follow: '/melden/volgen',
  followReply: '/melden/volgen/antwoord',
  signals: {
    queue: '/werkvoorraad',
    // The search list; `nieuw` and `:id` below are separate routes, so `/signalen` itself matches neither.
    list: '/signalen',
    new: '/signalen/nieuw',
    show: '/signalen/:id',
    claim: '/signalen/:id/oppakken',
    assign: '/signalen/:id/toewijzen',
    contact: '/signalen/:id/contact',
    unreachable: '/signalen/:id/onbereikbaar',
    confirmUnreachable: '/signalen/:id/onbereikbaar/bevestigen',
    assess: '/signalen/:id/beoordeling',
    status: '/signalen/:id/status',
    reporterType: '/signalen/:id/melder',
    message: '/signalen/:id/bericht',
    messageSeen: '/signalen/:id/bericht/gelezen',
    contactAnswers: '/signalen/:id/contact/antwoorden',
    consultation: '/signalen/:id/afstemming',
    breachReason: '/signalen/:id/reden',
    duplicate: '/signalen/:id/dubbel',
    undoDuplicate: '/signalen/:id/dubbel/ongedaan-maken',
  },
  // Mandatory reports (meldingen) by providers; `/melden` above is the public form for signals.
  mandatoryReports: {
    list: '/meldingen',
    new: '/meldingen/nieuw',
    show: '/meldingen/:id',
    decide: '/meldingen/:id/besluit',
  },
  consultations: '/afstemmingen',
  // An inspector's daily overview of one Amsterdam day (`?dag=YYYY-MM-DD`), as mailed the next morning.
  daily: '/overzicht/dagelijks',
  patterns: {
    list: '/patronen',
    show: '/patronen/:id',
    decide: '/patronen/:id/besluit',
  },
  // The risk overview: providers and groups ranked, with the funnel plot of one care type.
  risk: '/risico',
  followUpReport: '/rapportage/opvolging',
  followUpCsv: '/rapportage/opvolging.csv',
  admin: {
    themes: '/beheer/themas',
    patternRules: '/beheer/patronen',
    theme: '/beheer/themas/:code',
    norms: '/beheer/normen',
    norm: '/beheer/normen/:id',
    users: '/beheer/gebruikers',
    newUser: '/beheer/gebruikers/nieuw',
    editUser: '/beheer/gebruikers/:id',
    userActive: '/beheer/gebruikers/:id/actief',
    userPassword: '/beheer/gebruikers/:id/wachtwoord',
    audit: '/beheer/audit',
    outbox: '/beheer/mail',
    outboxMail: '/beheer/mail/:id',
  },
  api: {
    providers: '/api/v1/providers',
    provider: '/api/v1/providers/:id',
    providerTimeline: '/api/v1/providers/:id/timeline',
    signals: '/api/v1/signals',
    signal: '/api/v1/signals/:id',
    signalContacts: '/api/v1/signals/:id/contacts',
    followUpReport: '/api/v1/reports/follow-up',
    alerts: '/api/v1/alerts',
    // `:id` is a UUID (routeParams), so `/api/v1/reports/follow-up` above never reaches the report route.
    mandatoryReports: '/api/v1/reports',
    mandatoryReport: '/api/v1/reports/:id',
  },
} as const;

/** Fills `:name` placeholders, encoding each value. */
export function fill(path: string, params: Record<string, string>): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`parameter ${name} ontbreekt voor ${path}`);
    return encodeURIComponent(v);
  });
}
