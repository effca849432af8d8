/**
 * The ceiling: the same HTTP stack and payloads, but the handler only parses each message
 * and answers. `node dist/bench/null-server.js` prints its URL and serves until killed.
 */
import '../src/platform/v8-flags.js'; // first: V8 flags before any hot code (see the module)
import Fastify from 'fastify';

const app = Fastify({ bodyLimit: 64 * 1024 * 1024 });
app.removeAllContentTypeParsers();
app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 64 * 1024 * 1024 }, (_req, body, done) => done(null, body));
app.post('/v1/messages', async (request, reply) => {
  const text = String(request.body);
  if ((request.headers['content-type'] ?? '').startsWith('application/x-ndjson')) {
    const out: string[] = [];
    let line = 0;
    for (const part of text.split('\n')) {
      if (!part) continue;
      const m = JSON.parse(part) as { messageId: string; type: string };
      out.push(JSON.stringify({ line: ++line, http: 202, message: { type: m.type, messageId: m.messageId } }));
    }
    reply.type('application/x-ndjson');
    return out.join('\n') + '\n';
  }
  const m = JSON.parse(text) as { messageId: string; type: string };
  reply.code(202);
  return { message: { type: m.type, messageId: m.messageId } };
});
const address = await app.listen({ port: 0, host: '127.0.0.1' });
console.log(`luxor listening on ${address} (null handler)`);
