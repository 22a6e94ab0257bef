import type { Role } from '../auth/roles';

export interface User {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  team: string | null;
  active: boolean;
}

export interface UserInput {
  email: string;
  name: string;
  roles: string[];
  team?: string | null;
}
