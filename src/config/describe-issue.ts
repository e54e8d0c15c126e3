// Turns a zod issue into a field path and a message that says what was expected and received.
import type { z } from 'zod';

export function describeIssue(issue: z.core.$ZodIssue): { field: string; message: string } {
  const field = issue.path.length === 0 ? '(root)' : formatPath(issue.path);
  return { field, message: issue.message };
}

function formatPath(path: PropertyKey[]): string {
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}
