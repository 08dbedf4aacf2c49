import { Client } from 'pg';

/**
 * Creates the database named in the URL when the server answers but the database is missing,
 * so a first `npm start` needs nothing but a running PostgreSQL.
 */
export async function ensureDatabase(databaseUrl: string): Promise<'existed' | 'created'> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name)) {
    throw new Error(`DATABASE_URL names the database "${name}": use letters, digits and _`);
  }

  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return 'existed';

    await client.query(`CREATE DATABASE "${name}"`);
    return 'created';
  } finally {
    await client.end();
  }
}
