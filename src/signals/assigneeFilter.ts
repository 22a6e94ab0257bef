import type { User } from '../users/types';
import type { Option } from '../web/forms';

/**
 * The "Behandelaar" filter of the signal list and the work queue: nobody yet, then the user's own name (what they look
 * for most), then the meldpunt staff and managers by name, those no longer active last and marked, since old signals
 * still carry their names.
 */
export function assigneeFilterOptions(team: User[], me: string, selected: string | undefined): Option[] {
  const staff = team.filter((u) => u.roles.includes('meldpunt') || u.roles.includes('manager'));
  const byName = (a: User, b: User) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name, 'nl');
  const ordered = [...staff.filter((u) => u.id === me), ...staff.filter((u) => u.id !== me).sort(byName)];
  return [
    { value: 'niemand', text: 'Nog niemand', selected: selected === 'niemand' },
    ...ordered.map((u) => ({
      value: u.id,
      text: u.id === me ? `${u.name} (ik)` : u.active ? u.name : `${u.name} (niet meer actief)`,
      selected: u.id === selected,
    })),
  ];
}
