import { assigneeFilterOptions } from '../../src/signals/assigneeFilter';
import type { User } from '../../src/users/types';

const user = (id: string, name: string, roles: User['roles'], active = true): User => ({
  id,
  email: `${id}@x`,
  name,
  roles,
  team: null,
  active,
});

test('the Behandelaar filter: nobody yet, then me, then colleagues by name, former staff last and marked; inspectors are not in it', () => {
  const team = [
    user('z', 'Zoë Zwart', ['meldpunt']),
    user('me', 'Mila Meldpunt', ['meldpunt']),
    user('old', 'Anna Oud', ['meldpunt'], false),
    user('i', 'Ines Inspecteur', ['inspecteur']),
    user('m', 'Mark Manager', ['manager']),
    user('a', 'Ábel Achter', ['meldpunt']),
  ];
  const options = assigneeFilterOptions(team, 'me', 'm');
  expect(options.map((o) => o.text)).toEqual([
    'Nog niemand',
    'Mila Meldpunt (ik)',
    'Ábel Achter',
    'Mark Manager',
    'Zoë Zwart',
    'Anna Oud (niet meer actief)',
  ]);
  expect(options.filter((o) => o.selected).map((o) => o.value)).toEqual(['m']);
});
