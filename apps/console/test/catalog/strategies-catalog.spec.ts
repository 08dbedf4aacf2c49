import { getRepositoryToken } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';

import { RunEntity } from '../../src/runs/run.entity';
import { StrategiesService } from '../../src/strategies/strategies.service';
import { type StrategyScheduleChanged, StrategyEvents } from '../../src/strategies/strategy-events';
import { startTestConsole, type TestConsole } from '../support/test-console';
import { addTarget, apiOf, nightlyFull, signInAs } from './catalog-fixtures';

const CUSTOM_SCRIPT = 'RUN {\n  BACKUP DATABASE PLUS ARCHIVELOG;\n}';

describe(StrategiesService.name, () => {
  let console: TestConsole;
  let admin: string;
  let operator: string;
  let viewer: string;

  beforeAll(async () => {
    console = await startTestConsole();
    admin = await console.login();
    operator = await signInAs(console, 'oper1', 'operator');
    viewer = await signInAs(console, 'view1', 'viewer');
    await addTarget(console, admin, 'PROD1', 'ARCHIVELOG');
    await addTarget(console, admin, 'LEGACY', 'NOARCHIVELOG');
  });

  afterAll(async () => {
    await console.close();
  });

  const send = (method: string, path: string, token: string, body?: unknown) =>
    apiOf(console)(`/api/v1/strategies${path}`, {
      method,
      token,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  async function create(name: string, token = operator) {
    const response = await send('POST', '', token, nightlyFull('PROD1', name));
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string; version: number; document: { name: string } };
  }

  describe('update', () => {
    it('keeps every version with who and when, and diffs two of them', async () => {
      const created = await create('versioned');

      const changed = { ...nightlyFull('PROD1', 'versioned'), options: { channels: 4 } };
      const put = await send('PUT', `/${created.id}`, admin, changed);
      const versions = await (await send('GET', `/${created.id}/versions`, viewer)).json();
      const diff = await (await send('GET', `/${created.id}/diff?from=1&to=2`, viewer)).json();

      expect(put.status).toBe(200);
      expect((await put.json()).version).toBe(2);
      expect(
        versions.map((v: { version: number; change: string; changedBy: string }) => [
          v.version,
          v.change,
          v.changedBy,
        ]),
      ).toEqual([
        [2, 'update', 'admin'],
        [1, 'create', 'oper1'],
      ]);
      expect(diff.changes).toEqual(
        expect.arrayContaining([
          { path: 'options.channels', before: 2, after: 4 },
          { path: 'options.compression', before: 'medium', after: 'none' },
        ]),
      );
    });

    it('answers 404 naming the field when a diffed version does not exist', async () => {
      const created = await create('diff-missing');

      const response = await send('GET', `/${created.id}/diff?from=1&to=9`, viewer);

      expect(response.status).toBe(404);
      expect((await response.json()).problems).toEqual([
        { field: 'to', message: 'version 9 does not exist' },
      ]);
    });

    it('refuses a name another live strategy has, naming the field', async () => {
      await create('taken-a');
      const b = await create('taken-b');

      const response = await send('PUT', `/${b.id}`, operator, nightlyFull('PROD1', 'TAKEN-A'));

      expect(response.status).toBe(409);
      expect((await response.json()).problems[0].field).toBe('name');
    });
  });

  describe('clone', () => {
    it('copies the document under the new name, disabled so it does not run twice', async () => {
      const source = await create('clone-source');

      const response = await send('POST', `/${source.id}/clone`, operator, { name: 'clone-copy' });
      const clone = await response.json();

      expect(response.status).toBe(201);
      expect(clone.id).not.toBe(source.id);
      expect(clone.enabled).toBe(false);
      expect(clone.document).toMatchObject({ name: 'clone-copy', type: 'full' });
      expect(clone.document.schedule.enabled).toBe(false);
    });

    it('names the field when the new name is missing', async () => {
      const source = await create('clone-noname');

      const response = await send('POST', `/${source.id}/clone`, operator, {});

      expect(response.status).toBe(400);
      expect((await response.json()).problems[0].field).toBe('name');
    });
  });

  describe('remove', () => {
    it('soft-deletes: gone from the list, history and runs kept, name free again', async () => {
      const created = await create('to-delete');
      const runs = console.get<Repository<RunEntity>>(getRepositoryToken(RunEntity) as never);
      const run = await runs.save(
        runs.create({
          strategyId: created.id,
          targetId: (await console.get(StrategiesService).get(created.id)).targetId,
          strategyName: 'to-delete',
          targetName: 'PROD1',
          type: 'full',
          trigger: 'manual',
          priority: 'high',
          status: 'succeeded',
        }),
      );

      const deleted = await send('DELETE', `/${created.id}`, operator);
      const list = await (await send('GET', '', viewer)).json();
      const history = await (await send('GET', `/${created.id}/versions`, viewer)).json();

      expect(deleted.status).toBe(204);
      expect(list.map((s: { id: string }) => s.id)).not.toContain(created.id);
      expect((await send('GET', `/${created.id}`, viewer)).status).toBe(404);
      expect(history[0]).toMatchObject({ version: 2, change: 'delete', enabled: false });
      expect(await runs.findOneBy({ id: run.id })).toMatchObject({ strategyId: created.id });
      expect((await send('POST', '', operator, nightlyFull('PROD1', 'to-delete'))).status).toBe(
        201,
      );
    });

    it('forbids a viewer to delete', async () => {
      const created = await create('viewer-cannot-delete');

      expect((await send('DELETE', `/${created.id}`, viewer)).status).toBe(403);
    });
  });

  describe('export and import', () => {
    it('round-trips the document a DBA keeps in version control', async () => {
      const original = await create('round-trip');

      const exported = await send('GET', `/${original.id}/export`, viewer);
      const file = await exported.text();
      await send('DELETE', `/${original.id}`, operator);
      const imported = await send('POST', '/import', operator, JSON.parse(file));
      const again = await send('GET', `/${(await imported.json()).id}/export`, viewer);

      expect(exported.headers.get('content-disposition')).toBe(
        'attachment; filename="round-trip.strategy.json"',
      );
      expect(imported.status).toBe(201);
      expect(JSON.parse(await again.text())).toEqual(JSON.parse(file));
    });

    it('names every bad field of an imported document, exactly as create does', async () => {
      const bad = {
        name: '',
        target: 'PROD1',
        type: 'partial',
        partial: { tablespaces: ["USERS'; DROP TABLESPACE SYSTEM; --"] },
        options: { channels: 99, destination: { kind: 'disk', path: '/u01/$(reboot)' } },
      };

      const viaImport = await send('POST', '/import', operator, bad);
      const viaCreate = await send('POST', '', operator, bad);
      const problems = (await viaImport.json()).problems.map((p: { field: string }) => p.field);

      expect(viaImport.status).toBe(400);
      expect(viaCreate.status).toBe(400);
      expect((await viaCreate.json()).problems.map((p: { field: string }) => p.field)).toEqual(
        problems,
      );
      expect(problems).toEqual(
        expect.arrayContaining([
          'name',
          'partial.tablespaces.0',
          'options.channels',
          'options.destination.path',
        ]),
      );
    });
  });

  describe('preview', () => {
    it('answers the RMAN script, scheduler PL/SQL, calendar and the next five runs', async () => {
      const response = await send('POST', '/preview', viewer, nightlyFull('PROD1', 'preview'));
      const preview = await response.json();

      expect(response.status).toBe(200);
      expect(preview.tool).toBe('rman');
      expect(preview.script).toContain('BACKUP');
      expect(preview.calendar).toEqual({
        expression: 'FREQ=DAILY;BYHOUR=2;BYMINUTE=0;BYSECOND=0',
        startDate: expect.any(String),
        timezone: 'Europe/Paris',
      });
      expect(preview.schedulerPlsql).toContain('DBMS_SCHEDULER.CREATE_JOB');
      expect(preview.nextRuns).toHaveLength(5);
      expect(new Date(preview.nextRuns[0]).getTime()).toBeGreaterThan(Date.now());
    });

    it('answers a Data Pump parfile for a schema backup', async () => {
      const doc = {
        ...nightlyFull('PROD1', 'schemas'),
        type: 'partial',
        partial: { schemas: ['HR'] },
      };

      const preview = await (await send('POST', '/preview', viewer, doc)).json();

      expect(preview.tool).toBe('expdp');
      expect(preview.parfile).toContain('SCHEMAS=');
    });

    it('answers 422 with field-named findings for an online backup in NOARCHIVELOG', async () => {
      const response = await send('POST', '/preview', viewer, nightlyFull('LEGACY', 'legacy'));
      const body = await response.json();

      expect(response.status).toBe(422);
      expect(body.problems).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ code: 'NOARCHIVELOG_ONLINE_BACKUP', field: 'type' }),
        ]),
      );
    });

    it('names the schedule field when the calendar expression is not Oracle syntax', async () => {
      const doc = {
        ...nightlyFull('PROD1', 'bad-calendar'),
        schedule: {
          spec: { kind: 'calendar', expression: 'FREQ=SOMETIMES', timezone: 'UTC' },
        },
      };

      const response = await send('POST', '/preview', viewer, doc);

      expect(response.status).toBe(400);
      expect((await response.json()).problems[0].field).toBe('schedule.spec.expression');
    });
  });

  describe('NOARCHIVELOG targets', () => {
    it('answers 409 naming the problem, then saves with acknowledgeWarnings=true', async () => {
      const doc = nightlyFull('LEGACY', 'legacy-nightly');

      const refused = await send('POST', '', operator, doc);
      const refusal = await refused.json();
      const saved = await send('POST', '?acknowledgeWarnings=true', operator, doc);

      expect(refused.status).toBe(409);
      expect(refusal.message).toContain('acknowledgeWarnings=true');
      expect(refusal.problems[0]).toMatchObject({ code: 'NOARCHIVELOG_ONLINE_BACKUP' });
      expect(saved.status).toBe(201);
      expect((await saved.json()).warnings[0].code).toBe('NOARCHIVELOG_ONLINE_BACKUP');
    });

    it('names the query field when acknowledgeWarnings is not a boolean', async () => {
      const response = await send(
        'POST',
        '?acknowledgeWarnings=yes',
        operator,
        nightlyFull('PROD1'),
      );

      expect(response.status).toBe(400);
      expect((await response.json()).problems[0].field).toBe('acknowledgeWarnings');
    });
  });

  describe('custom scripts', () => {
    const custom = (script: string) => ({
      name: 'custom-one',
      target: 'PROD1',
      type: 'custom',
      custom: { script },
    });

    it('forbids an operator to save a custom script', async () => {
      const response = await send('POST', '', operator, custom(CUSTOM_SCRIPT));

      expect(response.status).toBe(403);
    });

    it('stores an admin script verbatim and diffs its lines between versions', async () => {
      const created = await (await send('POST', '', admin, custom(CUSTOM_SCRIPT))).json();
      const edited = CUSTOM_SCRIPT.replace('PLUS ARCHIVELOG', 'FILESPERSET 4');

      await send('PUT', `/${created.id}`, admin, custom(edited));
      const diff = await (await send('GET', `/${created.id}/diff?from=1&to=2`, viewer)).json();
      const operatorEdit = await send('PUT', `/${created.id}`, operator, nightlyFull('PROD1'));

      expect(created.document.custom.script).toBe(CUSTOM_SCRIPT);
      expect(diff.scriptDiff).toBe(
        [
          '  RUN {',
          '-   BACKUP DATABASE PLUS ARCHIVELOG;',
          '+   BACKUP DATABASE FILESPERSET 4;',
          '  }',
        ].join('\n'),
      );
      expect(operatorEdit.status).toBe(403);
    });

    it('refuses a script that runs a host command, naming the field', async () => {
      const response = await send('POST', '', admin, custom("RUN { HOST 'rm -rf /'; }"));

      expect(response.status).toBe(422);
      expect((await response.json()).problems[0]).toMatchObject({
        code: 'CUSTOM_HOST_COMMAND',
        field: 'custom.script',
      });
    });
  });

  describe('schedule events', () => {
    it('tells the scheduler about every change of schedule or enabled flag', async () => {
      const seen: StrategyScheduleChanged[] = [];
      const stop = console.get(StrategyEvents).onScheduleChanged((e) => {
        seen.push(e);
      });
      const created = await create('announced');

      await send('POST', `/${created.id}/disable`, operator);
      await send('DELETE', `/${created.id}`, operator);
      stop();
      await new Promise((resolve) => setImmediate(resolve));

      expect(seen.map((e) => [e.change, e.enabled, e.live, e.scheduleChanged])).toEqual([
        ['create', true, true, true],
        ['disable', false, true, true],
        ['delete', false, false, false],
      ]);
    });
  });

  it('records every change in the audit trail', async () => {
    const created = await create('audited');
    await send('PUT', `/${created.id}`, operator, {
      ...nightlyFull('PROD1', 'audited'),
      priority: 'low',
    });

    const page = await (
      await apiOf(console)(`/api/v1/audit?entity=strategy&entityId=${created.id}`, { token: admin })
    ).json();

    expect(page.items.map((e: { action: string }) => e.action)).toEqual(['update', 'create']);
    expect(page.items[0].details.changes).toEqual(
      expect.arrayContaining([{ path: 'priority', before: 'high', after: 'low' }]),
    );
  });
});
