// The benchmark's stdio MCP server, with no dependencies: one tool, echo, answered at once, so
// that what is measured in front of it is the proxy or gateway and not the tool.
import { createInterface } from 'node:readline';

const send = (message) => process.stdout.write(JSON.stringify(message) + '\n');
const ECHO = {
  name: 'echo',
  description: 'Echoes the message back.',
  inputSchema: { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] },
};

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
          capabilities: { tools: {} },
          serverInfo: { name: 'bench-echo', version: '1' },
        },
      });
    case 'ping':
      return send({ jsonrpc: '2.0', id: m.id, result: {} });
    case 'tools/list':
      return send({ jsonrpc: '2.0', id: m.id, result: { tools: [ECHO] } });
    case 'tools/call': {
      const message = String(m.params?.arguments?.message ?? '');
      return send({
        jsonrpc: '2.0',
        id: m.id,
        result: { content: [{ type: 'text', text: message }], structuredContent: { echoed: message } },
      });
    }
    default:
      if (m.id !== undefined) {
        send({ jsonrpc: '2.0', id: m.id, error: { code: -32601, message: 'method not found' } });
      }
  }
});
