import type { Request, Response } from 'express';
import { ValidationError } from '../common/errors';

/** An API handler whose validation errors answer 400 with a message per field, in one JSON shape for every route. */
export const validated = (fn: (req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response) => {
  try {
    await fn(req, res);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    res.status(400).json({ error: 'validation_failed', errors: e.fieldErrors });
  }
};
