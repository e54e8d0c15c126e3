// Turns a zod issue into a field path and a message that says what was expected and received.
import type { z } from 'zod';

export function describeIssue(issue: z.core.$ZodIssue): { field: string; message: string } {
  // an unknown key is the field at fault, not the object that holds it
  const path =
    issue.code === 'unrecognized_keys' && issue.keys.length > 0
      ? [...issue.path, issue.keys[0]!]
      : issue.path;
  const field = path.length === 0 ? '(root)' : formatPath(path);
  const message =
    issue.code === 'unrecognized_keys'
      ? `is not a field here (${issue.message.toLowerCase()})`
      : issue.message;
  return { field, message };
}

function formatPath(path: PropertyKey[]): string {
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}
