// JSON schemas of the API's bodies and errors (validated by Fastify, published in the OpenAPI document).
import { createRequire } from 'node:module';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

export const OPENAPI_INFO: {
  openapi: string;
  info: { title: string; description: string; version: string };
  components: { securitySchemes: Record<string, { type: 'http'; scheme: string }> };
  security: Record<string, string[]>[];
} = {
  openapi: '3.0.3',
  info: {
    title: 'censorwatch API',
    description:
      'Targeted checks, runs and their live progress, phones, firmware reports and diffs. Every route except /health needs `Authorization: Bearer <token>`.',
    version,
  },
  components: {
    securitySchemes: { token: { type: 'http', scheme: 'bearer' } },
  },
  security: [{ token: [] }],
};

export const ERROR_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'stable error code, e.g. E_BAD_REQUEST, E_AUTH' },
        message: { type: 'string' },
        field: { type: 'string', description: 'the failing field, when there is one' },
      },
    },
  },
} as const;

export const CHECK_BODY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  description: 'Give either `terms` (typed in) or `termList` (a shipped list file).',
  properties: {
    devices: {
      type: 'array',
      description: 'device ids; empty or absent: every phone (reference phones are added)',
      items: { type: 'string', minLength: 1, maxLength: 100 },
      maxItems: 100,
    },
    targets: {
      type: 'array',
      description: 'target apps on those phones; absent: all of theirs',
      items: { type: 'string', minLength: 1, maxLength: 100 },
      maxItems: 20,
    },
    terms: {
      type: 'array',
      minItems: 1,
      maxItems: 200,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['text'],
        properties: {
          text: { type: 'string', minLength: 1, maxLength: 500 },
          language: { type: 'string', description: 'BCP 47, e.g. en, zh-Hans; default und' },
          control: {
            type: 'string',
            maxLength: 500,
            description: 'benign control; chosen when absent',
          },
        },
      },
    },
    termList: { type: 'string', description: 'file name from GET /api/term-lists' },
  },
} as const;
