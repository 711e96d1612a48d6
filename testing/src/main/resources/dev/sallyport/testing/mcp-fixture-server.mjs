// A small MCP server over stdio for Sallyport's tests, with no dependencies: echo, a tool whose
// description is read from the file FIXTURE_DESCRIPTION_FILE names (so a test can change its
// definition), one that exits mid-call, one that never answers, and one that reports the names
// of the environment variables it was started with; one resource and one prompt.
import { createInterface } from 'node:readline';
import { existsSync, readFileSync } from 'node:fs';

const send = (message) => process.stdout.write(JSON.stringify(message) + '\n');
const text = (id, value) =>
  send({ jsonrpc: '2.0', id, result: { content: [{ type: 'text', text: value }] } });

function weatherDescription() {
  const file = process.env.FIXTURE_DESCRIPTION_FILE;
  return file && existsSync(file) ? readFileSync(file, 'utf8') : 'Reports the weather in a city.';
}

function tools() {
  return [
    {
      name: 'echo',
      description: 'Echoes the message back.',
      inputSchema: { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] },
      annotations: { readOnlyHint: true },
    },
    {
      name: 'weather',
      description: weatherDescription(),
      inputSchema: { type: 'object', properties: { city: { type: 'string' } } },
    },
    { name: 'crash', description: 'Exits in the middle of the call.', inputSchema: { type: 'object' } },
    { name: 'hang', description: 'Never answers.', inputSchema: { type: 'object' } },
    { name: 'env', description: 'Names its environment variables.', inputSchema: { type: 'object' } },
  ];
}

createInterface({ input: process.stdin }).on('line', (line) => {
  let m;
  try {
    m = JSON.parse(line);
  } catch {
    return;
  }
  switch (m.method) {
    case 'initialize':
      return send({
        jsonrpc: '2.0',
        id: m.id,
        result: {
          protocolVersion: m.params.protocolVersion,
          capabilities: { tools: { listChanged: true } },
          serverInfo: { name: 'sallyport-test-fixture', version: '1' },
        },
      });
    case 'tools/list':
      return send({ jsonrpc: '2.0', id: m.id, result: { tools: tools() } });
    case 'tools/call': {
      const { name, arguments: args = {} } = m.params;
      if (name === 'echo') {
        return send({
          jsonrpc: '2.0',
          id: m.id,
          result: { content: [{ type: 'text', text: args.message }], structuredContent: { echoed: args.message } },
        });
      }
      if (name === 'weather') return text(m.id, 'sunny in ' + args.city);
      if (name === 'crash') process.exit(3);
      if (name === 'hang') return;
      if (name === 'env') return text(m.id, Object.keys(process.env).sort().join(','));
      return send({ jsonrpc: '2.0', id: m.id, error: { code: -32602, message: 'unknown tool' } });
    }
    case 'resources/list':
      return send({
        jsonrpc: '2.0',
        id: m.id,
        result: { resources: [{ uri: 'fixture://notes/today', name: 'today', mimeType: 'text/plain' }] },
      });
    case 'resources/read':
      if (m.params.uri !== 'fixture://notes/today') {
        return send({ jsonrpc: '2.0', id: m.id, error: { code: -32002, message: 'no such resource' } });
      }
      return send({
        jsonrpc: '2.0',
        id: m.id,
        result: { contents: [{ uri: m.params.uri, mimeType: 'text/plain', text: 'Buy milk.' }] },
      });
    case 'prompts/list':
      return send({
        jsonrpc: '2.0',
        id: m.id,
        result: { prompts: [{ name: 'greet', arguments: [{ name: 'who', required: true }] }] },
      });
    case 'prompts/get':
      return send({
        jsonrpc: '2.0',
        id: m.id,
        result: {
          messages: [{ role: 'user', content: { type: 'text', text: 'Say hello to ' + (m.params.arguments?.who ?? 'nobody') } }],
        },
      });
    default:
      if (m.id !== undefined && m.method) {
        send({ jsonrpc: '2.0', id: m.id, error: { code: -32601, message: 'method not found' } });
      }
  }
});
