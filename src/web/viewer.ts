import type { FastifyRequest } from 'fastify';
import type { Role } from '../store/web-accounts-repo.js';

export type { Role } from '../store/web-accounts-repo.js';

/** Who is looking at a console page (set on every request by the session hook; null when not logged in). */
export interface Viewer {
  userId: number;
  login: string;
  role: Role;
  /** The unit a unit account belongs to; null for admins and inspectors. */
  unitId: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    viewer: Viewer | null;
  }
}

/** Refusals the console's error handler turns into a 401 (log in) or 403 page. */
export class AccessError extends Error {
  constructor(readonly statusCode: 401 | 403, message: string) {
    super(message);
  }
}

/** The logged-in viewer when their role is one of `roles`; throws 401 (not logged in) or 403 otherwise. */
export function requireRole(req: FastifyRequest, ...roles: Role[]): Viewer {
  const viewer = req.viewer;
  if (!viewer) throw new AccessError(401, '请先登录');
  if (!roles.includes(viewer.role)) throw new AccessError(403, '您的账号无权查看此页面');
  return viewer;
}

/** Admins and inspectors see every unit; a unit account only its own (403 otherwise). */
export function requireUnitAccess(req: FastifyRequest, unitId: string): Viewer {
  const viewer = requireRole(req, 'admin', 'inspector', 'unit');
  if (viewer.role === 'unit' && viewer.unitId !== unitId) throw new AccessError(403, '单位账号只能查看本单位的信息');
  return viewer;
}

export const ROLE_NAMES: Record<Role, string> = { admin: '管理员', inspector: '考核员', unit: '单位' };
