// /admin/queues: bull-board for operators, over every queue of the farm.
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance } from 'fastify';
import { deviceQueueName, REPORT_QUEUE, RUN_QUEUE } from '../../../queue/queue-context.ts';
import type { ApiContext } from '../api-context.ts';
import { BULL_BOARD_PREFIX } from '../security-headers.ts';

export async function mountBullBoard(app: FastifyInstance, api: ApiContext): Promise<void> {
  const board = new FastifyAdapter();
  createBullBoard({
    queues: [RUN_QUEUE, REPORT_QUEUE, ...api.profiles.map((d) => deviceQueueName(d.id))].map(
      (name) => new BullMQAdapter(api.queue(name)),
    ),
    serverAdapter: board,
  });
  board.setBasePath(BULL_BOARD_PREFIX);
  await app.register(board.registerPlugin(), { prefix: BULL_BOARD_PREFIX });
}
