// Typed errors: each carries the exit status SPEC gives it. Only bin/ntm.js turns them into
// process exits; everything else throws.

/** Base class for every error ntm expects and explains to the user. */
export class NtmError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad command-line usage: unknown option, missing argument, bad value. Exit 2. */
export class UsageError extends NtmError {
  constructor(message: string) {
    super(message, 2);
  }
}

/** Bad input data; names the file and line when known. Exit 2. */
export class InputError extends NtmError {
  constructor(
    readonly detail: string,
    readonly file?: string,
    readonly line?: number,
  ) {
    super(InputError.format(detail, file, line), 2);
  }

  static format(detail: string, file?: string, line?: number): string {
    if (file === undefined) return detail;
    const where = line === undefined ? file : `${file}:${line}`;
    return `${where}: ${detail}`;
  }
}

/** The database cannot be used as asked (missing, newer schema, not ntm, busy). Exit 2. */
export class StoreError extends NtmError {
  constructor(message: string) {
    super(message, 2);
  }
}

/** A pair id that does not exist (or is in the wrong state for the command). Exit 2. */
export class NotFoundError extends NtmError {
  constructor(message: string) {
    super(message, 2);
  }
}

/** The command ran and found problems (e.g. `check` issues). Exit 1. */
export class ProblemsFound extends NtmError {
  constructor(message: string) {
    super(message, 1);
  }
}

/** The desk's server cannot be used as asked (unreachable, login refused, newer schema). Exit 2. */
export class DeskError extends NtmError {
  constructor(message: string) {
    super(message, 2);
  }
}
