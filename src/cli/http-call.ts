import { request, type Agent } from 'node:http';

export interface HttpAnswer { status: number; text: string }

/** One HTTP call on a keep-alive agent, the body read whole (the demo and the benchmark use it). */
export function httpCall(agent: Agent, method: string, url: string, key: string | undefined, body?: string, type = 'application/json'): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = {};
    if (key) headers.authorization = `Bearer ${key}`;
    if (body !== undefined) { headers['content-type'] = type; headers['content-length'] = Buffer.byteLength(body); }
    const req = request(url, { method, agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
