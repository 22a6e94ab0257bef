import { adminQuery, templateDb } from './db';

export default async function globalTeardown(): Promise<void> {
  await adminQuery(`drop database if exists "${templateDb()}" with (force)`);
}
