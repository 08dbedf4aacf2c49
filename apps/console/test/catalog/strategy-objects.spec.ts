import { getRepositoryToken } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';

import { TargetInspectionEntity } from '../../src/targets/target-inspection.entity';
import { startTestConsole, type TestConsole } from '../support/test-console';
import { addTarget, apiOf } from './catalog-fixtures';

describe('partial strategies against the target inspection', () => {
  let console: TestConsole;
  let admin: string;

  beforeAll(async () => {
    console = await startTestConsole();
    admin = await console.login();
    const target = await addTarget(console, admin, 'PROD3', 'ARCHIVELOG');
    await console
      .get<Repository<TargetInspectionEntity>>(getRepositoryToken(TargetInspectionEntity) as never)
      .save({
        targetId: target.id,
        inspectedAt: new Date('2026-12-04T08:00:00Z'),
        requestedBy: 'admin',
        result: {
          inspectedAt: '2026-12-04T08:00:00Z',
          databaseName: 'PROD3',
          dbid: '42',
          version: '19.22.0.0.0',
          logMode: 'ARCHIVELOG',
          openMode: 'READ WRITE',
          role: 'PRIMARY',
          recoveryArea: null,
          tablespaces: [
            { name: 'USERS', contents: 'PERMANENT', status: 'ONLINE' },
            { name: 'TEMP', contents: 'TEMPORARY', status: 'ONLINE' },
          ],
          schemas: ['HR'],
          tables: [{ owner: 'HR', name: 'EMPLOYEES' }],
        },
      });
  });

  afterAll(async () => {
    await console.close();
  });

  const partial = (name: string, objects: Record<string, string[]>) => ({
    name,
    target: 'PROD3',
    type: 'partial',
    partial: objects,
  });

  const post = (path: string, body: unknown) =>
    apiOf(console)(`/api/v1/strategies${path}`, {
      method: 'POST',
      token: admin,
      body: JSON.stringify(body),
    });

  it('refuses a temporary tablespace, naming the field', async () => {
    const response = await post('', partial('temp only', { tablespaces: ['TEMP'] }));

    expect(response.status).toBe(422);
    expect((await response.json()).problems[0]).toMatchObject({
      code: 'TEMPORARY_TABLESPACE',
      field: 'partial.tablespaces',
    });
  });

  it('warns about objects the inspection did not show, and not about those it did', async () => {
    const unknown = await (
      await post('/preview', partial('typo', { tablespaces: ['USERS', 'NOPE_TS'] }))
    ).json();
    const tables = await (
      await post('/preview', partial('tables', { tables: ['HR.EMPLOYEES', 'HR.NOPE'] }))
    ).json();

    expect(unknown.findings.map((f: { code: string }) => f.code)).toEqual(['UNKNOWN_TABLESPACE']);
    expect(unknown.findings[0].message).toMatch(/NOPE_TS is not in the last inspection of PROD3/);
    expect(tables.findings.map((f: { code: string }) => f.code)).toEqual(['UNKNOWN_TABLE']);
  });
});
