// The upstream MCP server behind Sallyport in McpConformanceTest: over stdio, on the official
// TypeScript SDK, it offers the tools, resources and prompts the conformance suite's server
// scenarios ask for by name, so that whatever fails in the suite fails in Sallyport, not here.
// The test copies this file next to the node_modules it installed, where its imports resolve.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import {
  CallToolRequestSchema,
  CompleteRequestSchema,
  CreateMessageResultSchema,
  ElicitResultSchema,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListResourcesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
  SetLevelRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';

// A 1x1 PNG and a WAV file of one silent sample.
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
const WAV = 'UklGRiYAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQIAAAAAAA==';

const noArguments = { type: 'object', properties: {} };
const text = (value) => ({ type: 'text', text: value });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const tools = [
  { name: 'test_simple_text', description: 'Answers with one text.', inputSchema: noArguments },
  { name: 'test_image_content', description: 'Answers with a PNG image.', inputSchema: noArguments },
  { name: 'test_audio_content', description: 'Answers with a WAV sound.', inputSchema: noArguments },
  {
    name: 'test_embedded_resource',
    description: 'Answers with an embedded text resource.',
    inputSchema: noArguments,
  },
  {
    name: 'test_multiple_content_types',
    description: 'Answers with a text, an image and a resource.',
    inputSchema: noArguments,
  },
  {
    name: 'test_tool_with_logging',
    description: 'Logs three messages while it runs.',
    inputSchema: noArguments,
  },
  { name: 'test_error_handling', description: 'Always fails.', inputSchema: noArguments },
  {
    name: 'test_tool_with_progress',
    description: 'Reports progress 0, 50 and 100 of 100.',
    inputSchema: noArguments,
  },
  {
    name: 'test_sampling',
    description: 'Asks the client to sample an LLM.',
    inputSchema: { type: 'object', properties: { prompt: { type: 'string' } }, required: ['prompt'] },
  },
  {
    name: 'test_elicitation',
    description: 'Asks the client for user input.',
    inputSchema: {
      type: 'object',
      properties: { message: { type: 'string' } },
      required: ['message'],
    },
  },
  {
    name: 'test_elicitation_sep1034_defaults',
    description: 'Asks the client for input with defaults.',
    inputSchema: noArguments,
  },
  {
    name: 'test_elicitation_sep1330_enums',
    description: 'Asks the client for input with enums.',
    inputSchema: noArguments,
  },
  {
    name: 'json_schema_2020_12_tool',
    description: 'Tool with JSON Schema 2020-12 features',
    inputSchema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      $defs: {
        address: {
          type: 'object',
          properties: { street: { type: 'string' }, city: { type: 'string' } },
        },
      },
      properties: { name: { type: 'string' }, address: { $ref: '#/$defs/address' } },
      additionalProperties: false,
    },
  },
  {
    name: 'test_reconnection',
    description: 'Answers after a short pause.',
    inputSchema: noArguments,
  },
];

const server = new Server(
  { name: 'conformance-upstream', version: '1.0.0' },
  {
    capabilities: {
      tools: {},
      resources: { subscribe: true },
      prompts: {},
      logging: {},
      completions: {},
    },
  },
);

server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools }));

server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
  const progressToken = request.params._meta?.progressToken;
  switch (request.params.name) {
    case 'test_simple_text':
      return { content: [text('This is a simple text response for testing.')] };
    case 'test_image_content':
      return { content: [{ type: 'image', data: PNG, mimeType: 'image/png' }] };
    case 'test_audio_content':
      return { content: [{ type: 'audio', data: WAV, mimeType: 'audio/wav' }] };
    case 'test_embedded_resource':
      return {
        content: [
          {
            type: 'resource',
            resource: {
              uri: 'test://embedded-resource',
              mimeType: 'text/plain',
              text: 'This is an embedded resource content.',
            },
          },
        ],
      };
    case 'test_multiple_content_types':
      return {
        content: [
          text('Multiple content types test:'),
          { type: 'image', data: PNG, mimeType: 'image/png' },
          {
            type: 'resource',
            resource: {
              uri: 'test://mixed-content-resource',
              mimeType: 'application/json',
              text: JSON.stringify({ test: 'data', value: 123 }),
            },
          },
        ],
      };
    case 'test_tool_with_logging':
      for (const [i, message] of [
        'Tool execution started',
        'Tool processing data',
        'Tool execution completed',
      ].entries()) {
        if (i > 0) await sleep(50);
        await extra.sendNotification({
          method: 'notifications/message',
          params: { level: 'info', data: message },
        });
      }
      return { content: [text('Tool with logging executed successfully')] };
    case 'test_error_handling':
      return {
        isError: true,
        content: [text('This tool intentionally returns an error for testing')],
      };
    case 'test_tool_with_progress':
      for (const progress of [0, 50, 100]) {
        if (progress > 0) await sleep(50);
        if (progressToken !== undefined) {
          await extra.sendNotification({
            method: 'notifications/progress',
            params: { progressToken, progress, total: 100 },
          });
        }
      }
      return { content: [text('Progress tool executed')] };
    case 'test_sampling': {
      const sampled = await extra.sendRequest(
        {
          method: 'sampling/createMessage',
          params: {
            messages: [
              { role: 'user', content: text(String(request.params.arguments?.prompt ?? '')) },
            ],
            maxTokens: 100,
          },
        },
        CreateMessageResultSchema,
      );
      return { content: [text('LLM response: ' + (sampled.content?.text ?? ''))] };
    }
    case 'test_elicitation':
      return elicit(extra, String(request.params.arguments?.message ?? ''), {
        username: { type: 'string', description: "User's response" },
        email: { type: 'string', description: "User's email address" },
      }, ['username', 'email']);
    case 'test_elicitation_sep1034_defaults':
      return elicit(extra, 'Please review the defaults', {
        name: { type: 'string', default: 'John Doe' },
        age: { type: 'integer', default: 30 },
        score: { type: 'number', default: 95.5 },
        status: { type: 'string', enum: ['active', 'inactive', 'pending'], default: 'active' },
        verified: { type: 'boolean', default: true },
      });
    case 'test_elicitation_sep1330_enums':
      return elicit(extra, 'Please choose', {
        untitledSingle: { type: 'string', enum: ['option1', 'option2', 'option3'] },
        titledSingle: {
          type: 'string',
          oneOf: [
            { const: 'value1', title: 'First Option' },
            { const: 'value2', title: 'Second Option' },
          ],
        },
        legacyEnum: {
          type: 'string',
          enum: ['opt1', 'opt2', 'opt3'],
          enumNames: ['Option One', 'Option Two', 'Option Three'],
        },
        untitledMulti: {
          type: 'array',
          items: { type: 'string', enum: ['option1', 'option2', 'option3'] },
        },
        titledMulti: {
          type: 'array',
          items: {
            anyOf: [
              { const: 'value1', title: 'First Choice' },
              { const: 'value2', title: 'Second Choice' },
            ],
          },
        },
      });
    case 'json_schema_2020_12_tool':
      return { content: [text('JSON Schema 2020-12 tool called')] };
    case 'test_reconnection':
      await sleep(100);
      return { content: [text('Reconnection test completed')] };
    default:
      return { isError: true, content: [text('unknown tool ' + request.params.name)] };
  }
});

async function elicit(extra, message, properties, required) {
  const answer = await extra.sendRequest(
    {
      method: 'elicitation/create',
      params: { message, requestedSchema: { type: 'object', properties, required } },
    },
    ElicitResultSchema,
  );
  return {
    content: [
      text(`Elicitation completed: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`),
    ],
  };
}

const resources = [
  {
    uri: 'test://static-text',
    name: 'static-text',
    description: 'A static text resource.',
    mimeType: 'text/plain',
  },
  {
    uri: 'test://static-binary',
    name: 'static-binary',
    description: 'A static PNG resource.',
    mimeType: 'image/png',
  },
  {
    uri: 'test://watched-resource',
    name: 'watched-resource',
    description: 'A resource to subscribe to.',
    mimeType: 'text/plain',
  },
];

server.setRequestHandler(ListResourcesRequestSchema, async () => ({ resources }));
server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({
  resourceTemplates: [
    {
      uriTemplate: 'test://template/{id}/data',
      name: 'template',
      description: 'Data for an id.',
      mimeType: 'application/json',
    },
  ],
}));
server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
  const uri = request.params.uri;
  if (uri === 'test://static-text') {
    return {
      contents: [
        { uri, mimeType: 'text/plain', text: 'This is the content of the static text resource.' },
      ],
    };
  }
  if (uri === 'test://static-binary') {
    return { contents: [{ uri, mimeType: 'image/png', blob: PNG }] };
  }
  if (uri === 'test://watched-resource') {
    return { contents: [{ uri, mimeType: 'text/plain', text: 'Watched resource content.' }] };
  }
  const templated = /^test:\/\/template\/([^/]+)\/data$/.exec(uri);
  if (templated) {
    const id = templated[1];
    return {
      contents: [
        {
          uri,
          mimeType: 'application/json',
          text: JSON.stringify({ id, templateTest: true, data: `Data for ID: ${id}` }),
        },
      ],
    };
  }
  throw new Error('no such resource: ' + uri);
});
server.setRequestHandler(SubscribeRequestSchema, async () => ({}));
server.setRequestHandler(UnsubscribeRequestSchema, async () => ({}));

const prompts = [
  { name: 'test_simple_prompt', description: 'A prompt without arguments.' },
  {
    name: 'test_prompt_with_arguments',
    description: 'A prompt with two arguments.',
    arguments: [
      { name: 'arg1', description: 'First test argument', required: true },
      { name: 'arg2', description: 'Second test argument', required: true },
    ],
  },
  {
    name: 'test_prompt_with_embedded_resource',
    description: 'A prompt that embeds a resource.',
    arguments: [{ name: 'resourceUri', description: 'The resource to embed', required: true }],
  },
  { name: 'test_prompt_with_image', description: 'A prompt with an image.' },
];

server.setRequestHandler(ListPromptsRequestSchema, async () => ({ prompts }));
server.setRequestHandler(GetPromptRequestSchema, async (request) => {
  const args = request.params.arguments ?? {};
  switch (request.params.name) {
    case 'test_simple_prompt':
      return { messages: [{ role: 'user', content: text('This is a simple prompt for testing.') }] };
    case 'test_prompt_with_arguments':
      return {
        messages: [
          {
            role: 'user',
            content: text(`Prompt with arguments: arg1='${args.arg1}', arg2='${args.arg2}'`),
          },
        ],
      };
    case 'test_prompt_with_embedded_resource':
      return {
        messages: [
          {
            role: 'user',
            content: {
              type: 'resource',
              resource: {
                uri: args.resourceUri,
                mimeType: 'text/plain',
                text: 'Embedded resource content for testing.',
              },
            },
          },
          { role: 'user', content: text('Please process the embedded resource above.') },
        ],
      };
    case 'test_prompt_with_image':
      return {
        messages: [
          { role: 'user', content: { type: 'image', data: PNG, mimeType: 'image/png' } },
          { role: 'user', content: text('Please analyze the image above.') },
        ],
      };
    default:
      throw new Error('no such prompt: ' + request.params.name);
  }
});
server.setRequestHandler(CompleteRequestSchema, async () => ({
  completion: { values: [], total: 0, hasMore: false },
}));
server.setRequestHandler(SetLevelRequestSchema, async () => ({}));

await server.connect(new StdioServerTransport());
