// One-line messages, by what they tell the user; how each kind looks is decided here.
import type { ChalkInstance } from 'chalk';

/** Something was done as asked ("Backed up …", "Restored #12."). */
export function done(c: ChalkInstance, text: string): string {
  return c.green(text);
}

/** Something the user should notice: a skip, a delete to undo, a forced approval. */
export function warning(c: ChalkInstance, text: string): string {
  return c.yellow(text);
}

/** A quiet aside: an empty result, a hint about a limit or what to do next. */
export function hint(c: ChalkInstance, text: string): string {
  return c.dim(text);
}

/** A title over what follows: a file, a query, a term. */
export function heading(c: ChalkInstance, text: string): string {
  return c.bold(text);
}
