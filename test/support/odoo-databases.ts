/**
 * Odoo's database manager over JSON-RPC (`/jsonrpc`, service `db`), with the master password:
 * copies of a prepared database, made in seconds (PostgreSQL copies it from a template), so
 * that every run of a test starts from the same state.
 */

/** PostgreSQL's connections are shared by every database of the server: when they run out a moment, wait. */
async function dbService<T>(url: string, method: string, args: unknown[]): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await dbServiceOnce<T>(url, method, args);
    } catch (error) {
      if (attempt >= 6 || !/connection slots are reserved|too many clients/.test((error as Error).message))
        throw error;
      await new Promise((resolve) => setTimeout(resolve, 5000 * attempt));
    }
  }
}

async function dbServiceOnce<T>(url: string, method: string, args: unknown[]): Promise<T> {
  const response = await fetch(`${url.replace(/\/$/, '')}/jsonrpc`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { service: 'db', method, args } }),
    signal: AbortSignal.timeout(600_000),
  });
  const reply = (await response.json()) as {
    result?: T;
    error?: { data?: { message?: string; name?: string } };
  };
  if (reply.error)
    throw new Error(`db.${method}: ${reply.error.data?.message ?? reply.error.data?.name ?? 'refused'}`);
  return reply.result as T;
}

export async function listDatabases(url: string): Promise<string[]> {
  return dbService<string[]>(url, 'list', []);
}

export async function dropDatabase(url: string, master: string, name: string): Promise<void> {
  if (!(await listDatabases(url)).includes(name)) return;
  await dbService(url, 'drop', [master, name]);
}

/**
 * `to` as a copy of `from` (dropped first if it exists). PostgreSQL refuses to copy a database
 * another session is connected to: Odoo closes its own first; a cron worker's may linger a moment.
 */
export async function duplicateDatabase(
  url: string,
  master: string,
  from: string,
  to: string,
): Promise<void> {
  await dropDatabase(url, master, to);
  for (let attempt = 1; ; attempt += 1) {
    try {
      await dbService(url, 'duplicate_database', [master, from, to]);
      return;
    } catch (error) {
      if (attempt >= 5 || !/being accessed by other users/.test((error as Error).message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 2000 * attempt));
    }
  }
}
