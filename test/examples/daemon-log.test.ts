/** Reading the reference daemon's request log: the facts the fork-rule tests rest on. */
import { describe, expect, it } from 'vitest';

import { connectionHistories, foreignRequests, parseDaemonLog } from '../../src/lib/examples/index';

const log = [
  '{"seq":1,"t":0,"event":"listen","socket":"/s","pid":10}',
  '{"seq":2,"t":1,"event":"connect","conn":1,"pid":100,"uid":0}',
  '{"seq":3,"t":2,"event":"request","conn":1,"pid":100,"op":"LOGIN","rv":"CKR_OK"}',
  '{"seq":4,"t":3,"event":"connect","conn":2,"pid":200,"uid":0}',
  '{"seq":5,"t":4,"event":"request","conn":2,"pid":200,"op":"CLONE_LOGIN","rv":"CKR_OK"}',
  '{"seq":6,"t":5,"event":"request","conn":1,"pid":300,"op":"BYE","rv":"CKR_OK"}',
  '{"seq":7,"t":6,"event":"close","conn":1,"reason":"bye"}',
  '{"seq":8,"t":7,"event":"eof","conn":2}',
  '{"seq":9,"t":7,"event":"close","conn":2,"reason":"eof"}',
  '',
].join('\n');

describe('the daemon request log', () => {
  it('tells each connection’s story: who opened it, who sent what, how it ended', () => {
    expect(connectionHistories(parseDaemonLog(log))).toEqual([
      {
        conn: 1,
        owner: 100,
        requests: [
          { op: 'LOGIN', pid: 100, rv: 'CKR_OK' },
          { op: 'BYE', pid: 300, rv: 'CKR_OK' },
        ],
        eof: false,
        closeReason: 'bye',
      },
      {
        conn: 2,
        owner: 200,
        requests: [{ op: 'CLONE_LOGIN', pid: 200, rv: 'CKR_OK' }],
        eof: true,
        closeReason: 'eof',
      },
    ]);
  });

  it('finds a request a process sent on a connection it did not open', () => {
    const histories = connectionHistories(parseDaemonLog(log));
    expect(foreignRequests(histories, 300)).toEqual([{ conn: 1, owner: 100, op: 'BYE' }]);
    expect(foreignRequests(histories, 200)).toEqual([]);
    expect(foreignRequests(histories, 100)).toEqual([]);
  });

  it('names the file and line of a malformed entry', () => {
    expect(() => parseDaemonLog('{"seq":1,"t":0,"event":"stop"}\nnot json', 'x.jsonl')).toThrow(
      'x.jsonl:2: not JSON',
    );
    expect(() => parseDaemonLog('{"seq":1,"t":0,"event":"request","conn":1}', 'x.jsonl')).toThrow(
      'x.jsonl:1: request lacks "pid"',
    );
    expect(() => parseDaemonLog('{"seq":1,"t":0,"event":"party"}', 'x.jsonl')).toThrow(
      'x.jsonl:1: unknown event "party"',
    );
  });
});
