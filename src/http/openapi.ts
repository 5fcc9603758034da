import { z } from 'zod';

/**
 * Routes describe themselves here next to their handlers (describe(...) in each routes file),
 * and /openapi.json is assembled from those descriptions and the very zod schemas that validate.
 */
interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string; // OpenAPI style: /api/v1/conversations/{id}
  summary: string;
  tag: string;
  query?: z.ZodObject;
  body?: z.ZodType;
  auth?: 'session-or-token' | 'none' | 'signature';
  responses?: Record<string, string>;
}

const docs: RouteDoc[] = [];

export function describe(doc: RouteDoc): void {
  if (!docs.some((d) => d.method === doc.method && d.path === doc.path)) docs.push(doc);
}

const jsonSchema = (s: z.ZodType) => z.toJSONSchema(s, { unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;

export function openApiDocument(serverUrl: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const d of docs) {
    const params: unknown[] = [];
    for (const m of d.path.matchAll(/\{(\w+)\}/g)) params.push({ name: m[1], in: 'path', required: true, schema: { type: 'string' } });
    if (d.query) {
      for (const [name, schema] of Object.entries(d.query.shape)) {
        params.push({ name, in: 'query', required: !(schema as z.ZodType).safeParse(undefined).success, schema: jsonSchema(schema as z.ZodType) });
      }
    }
    const op: Record<string, unknown> = {
      summary: d.summary,
      tags: [d.tag],
      parameters: params,
      responses: Object.fromEntries(Object.entries(d.responses ?? { '200': 'OK' }).map(([code, description]) => [code, { description }])),
    };
    if (d.body) op.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(d.body) } } };
    if (d.auth === 'none' || d.auth === 'signature') op.security = [];
    (paths[d.path] ??= {})[d.method] = op;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Hearken API', version: '1', description: 'Social customer care: one shared inbox for every channel.' },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        cookie: { type: 'apiKey', in: 'cookie', name: 'hearken_session' },
        bearer: { type: 'http', scheme: 'bearer' },
      },
      schemas: {
        Error: {
          type: 'object',
          properties: {
            error: {
              type: 'object',
              properties: {
                code: { type: 'string' },
                message: { type: 'string' },
                fields: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, reason: { type: 'string' } } } },
              },
            },
          },
        },
      },
    },
    security: [{ cookie: [] }, { bearer: [] }],
    paths,
  };
}
