/**
 * The numbers the fake hands out. Issues and pull requests share numbers in a repository, and
 * every issue, label, comment, event and pull request takes a distinct id from one sequence, as
 * GitHub's ids are unique across kinds; comments and events share the timeline's order.
 */
export interface Counters {
  nextNumber: number;
  nextId: number;
  /** Position in the timeline, shared by comments and events. */
  seq: number;
}

export function createCounters(): Counters {
  return { nextNumber: 1, nextId: 1, seq: 0 };
}

/** Numeric user ids, handed out in the order logins are first seen. */
export function createUserIds(): (login: string) => number {
  const ids = new Map<string, number>();
  return (login) => {
    let id = ids.get(login);
    if (id === undefined) {
      id = ids.size + 1;
      ids.set(login, id);
    }
    return id;
  };
}
