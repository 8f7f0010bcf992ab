import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

// Placeholder until this piece is written (same session).
export const notificationRoutes: FastifyPluginAsyncZod = async () => {};
