import type { Context } from 'hono';
import type { ConsoleEnv } from './env.js';
import { roleName } from './labels.js';
import { svc } from './render.js';
import { actorNames } from '../services/users/actor-names.js';

/** How a page names whoever acted: 「张三（市级审核员）」, a provider by its name, the service as 系统自动处理. */
export type Who = (actor: string | null | undefined) => string;

/**
 * Resolves every actor a page shows in one read, so no page ever prints an internal id (`user:usr_…`) where a
 * person's name and role belong.
 */
export async function actorLabels(c: Context<ConsoleEnv>, actors: Iterable<string | null | undefined>): Promise<Who> {
  const names = await actorNames(svc(c), actors);
  return (actor) => {
    if (!actor) return '—';
    const n = names.get(actor);
    if (!n) return '系统自动处理';
    if (n.kind === 'user') return `${n.name}（${roleName(n.role)}）`;
    if (n.kind === 'provider') return `${n.name}（算力服务商）`;
    return n.name;
  };
}
