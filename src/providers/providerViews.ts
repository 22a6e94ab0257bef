import { fill, paths } from '../web/paths';
import { labels } from '../web/labels';
import { careTypeLabel, type InspectorChange, type Provider, type ProviderSummary } from './types';

// Small pure functions shape providers for the templates, which stay free of logic.

export const providerRow = (p: ProviderSummary) => ({
  ...p,
  href: fill(paths.providers.show, { id: p.id }),
  typeLabel: labels.providerTypes[p.type] ?? p.type,
  municipalityList: p.municipalities.join(', '),
  flagLabels: p.flags.map((f) => labels.statusKinds[f]),
});

export function providerPage(p: Provider) {
  const places = p.locations.reduce((n, l) => n + l.units.reduce((m, u) => m + u.places, 0), 0);
  return {
    title: p.name,
    provider: p,
    typeLabel: labels.providerTypes[p.type] ?? p.type,
    places,
    editHref: fill(paths.providers.edit, { id: p.id }),
    timelineHref: fill(paths.providers.timeline, { id: p.id }),
    newLocationHref: fill(paths.providers.newLocation, { id: p.id }),
    inspectorsAction: fill(paths.providers.inspectors, { id: p.id }),
    statusesAction: fill(paths.providers.statuses, { id: p.id }),
    currentFlags: p.statuses.filter((s) => s.current).map((s) => labels.statusKinds[s.kind]),
    statuses: p.statuses.map((s) => ({
      ...s,
      kindLabel: labels.statusKinds[s.kind],
      endAction: fill(paths.providers.endStatus, { id: p.id, statusId: s.id }),
    })),
    locations: p.locations.map((l) => ({
      ...l,
      editHref: fill(paths.providers.editLocation, { id: p.id, locationId: l.id }),
      timelineHref: fill(paths.providers.locationTimeline, { id: p.id, locationId: l.id }),
      monthlyHref: fill(paths.providers.locationMonthly, { id: p.id, locationId: l.id }),
      newUnitHref: fill(paths.providers.newUnit, { id: p.id, locationId: l.id }),
      units: l.units.map((u) => ({
        ...u,
        careTypeLabel: careTypeLabel(u.careType),
        editHref: fill(paths.providers.editUnit, { id: p.id, unitId: u.id }),
        timelineHref: fill(paths.providers.unitTimeline, { id: p.id, unitId: u.id }),
        monthlyHref: fill(paths.providers.unitMonthly, { id: p.id, unitId: u.id }),
      })),
    })),
  };
}

/** Says who was added and who was removed, so a change of assignment is never silent. */
export function inspectorChangeText(c: InspectorChange): string {
  const names = (list: Array<{ name: string }>) => list.map((i) => i.name).join(', ');
  const parts = [
    c.added.length > 0 ? `Toegevoegd: ${names(c.added)}.` : '',
    c.removed.length > 0 ? `Niet meer toegewezen: ${names(c.removed)}.` : '',
  ].filter(Boolean);
  return parts.length > 0
    ? `De toegewezen inspecteurs zijn opgeslagen. ${parts.join(' ')}`
    : 'Er is niets gewijzigd aan de toegewezen inspecteurs.';
}
