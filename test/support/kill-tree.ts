// Test helper: a host dying at once — SIGKILL to a process and every process under it, found by parent id in /proc
// (a WebdriverIO run started by a worker has its own process group, so killing the group would leave it).
import { readdirSync, readFileSync } from 'node:fs';

export function killTree(pid: number): void {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended meanwhile
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []));
  for (const member of tree) {
    try {
      process.kill(member, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
