import { existsSync } from 'node:fs';
import path from 'node:path';

// The same code runs from src/ (tsx, jest) and from dist/src/ (npm start); views live at the top either way.
function find(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('package.json niet gevonden');
    dir = up;
  }
  return dir;
}

export const projectRoot = find();
