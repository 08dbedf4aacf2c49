import { JsonLogger } from './json-logger';
import { currentRequestId, withRequestContext } from './request-context';

describe(JsonLogger.name, () => {
  it('writes the request id in every line logged while handling the request', async () => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    const logger = new JsonLogger('info', true);

    await withRequestContext({ requestId: 'rq-7' }, async () => {
      await Promise.resolve();
      logger.log({ msg: 'run queued', runId: 'r1', password: 'Tiger#1' }, 'RunsService');
    });
    logger.log('outside any request');
    spy.mockRestore();

    const [inside, outside] = written.map((line) => JSON.parse(line));
    expect(inside).toMatchObject({ requestId: 'rq-7', runId: 'r1', password: '***' });
    expect(outside.requestId).toBeUndefined();
    expect(currentRequestId()).toBeUndefined();
  });
});
