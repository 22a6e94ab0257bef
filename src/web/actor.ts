import type { Request } from 'express';
import type { Actor } from '../audit/types';

export function actorOf(req: Request): Actor {
  if (req.user) return { userId: req.user.id, label: `${req.user.name} <${req.user.email}>`, requestId: req.id };
  if (req.apiClient) return { userId: null, label: `api:${req.apiClient.name}`, requestId: req.id };
  return { userId: null, label: 'anoniem', requestId: req.id };
}
