import { OdooError } from './errors.js';
import type { ServerVersion } from './transport.js';

/**
 * Reads Odoo's `version_info` / `server_version_info` (`[19, 0, 0, 'final', 0, '']`;
 * the last item is `'e'` on Enterprise) into a typed version.
 */
export function parseServerVersion(version: unknown, versionInfo: unknown): ServerVersion {
  if (!Array.isArray(versionInfo) || versionInfo.length < 2) {
    throw new OdooError({
      code: 'protocol',
      message: `Odoo did not report a version (got ${JSON.stringify(versionInfo)}): is this URL an Odoo server?`,
    });
  }
  const [rawMajor, rawMinor] = versionInfo;
  // SaaS versions report the major as a string: ('saas~18', 3, …) for saas~18.3.
  const major = typeof rawMajor === 'string' ? Number(/(\d+)/.exec(rawMajor)?.[1]) : Number(rawMajor);
  const minor = Number(rawMinor);
  if (!Number.isFinite(major) || !Number.isFinite(minor)) {
    throw new OdooError({
      code: 'protocol',
      message: `Unreadable Odoo version ${JSON.stringify(versionInfo)}`,
    });
  }
  const suffix = versionInfo[versionInfo.length - 1];
  return {
    version: typeof version === 'string' ? version : `${major}.${minor}`,
    major,
    minor,
    edition: suffix === 'e' ? 'enterprise' : 'community',
  };
}
