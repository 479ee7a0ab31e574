// Runs the interop cases with @grpc/grpc-js against a TestService. Usage: node interop_client.js PROTO PORT CASE...
// Prints "PASS <case>" or "FAIL <case>: <reason>" per case.
'use strict';
const assert = require('node:assert/strict');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const [protoPath, port, ...cases] = process.argv.slice(2);
const definition = protoLoader.loadSync(protoPath, { keepCase: true, defaults: true, oneofs: true });
const testing = grpc.loadPackageDefinition(definition).grpc.testing;
const target = `127.0.0.1:${port}`;
const insecure = grpc.credentials.createInsecure();
const client = new testing.TestService(target, insecure);
const gzipClient = new testing.TestService(target, insecure, { 'grpc.default_compression_algorithm': 2 });
const unimplementedClient = new testing.UnimplementedService(target, insecure);

const zeros = (size) => ({ body: Buffer.alloc(size) });
const largeRequest = (extra = {}) => ({ response_size: 314159, payload: zeros(271828), ...extra });
const streamingRequest = (responseSize, requestSize) => ({ response_parameters: [{ size: responseSize }], payload: zeros(requestSize) });

function unary(target, method, request, metadata = new grpc.Metadata(), options = {}) {
  return new Promise((resolve, reject) => {
    let headers;
    const call = target[method](request, metadata, options, (error, response) => {
      call.on('status', (status) => (error ? reject(Object.assign(error, { headers })) : resolve({ response, headers, trailers: status.metadata })));
    });
    call.on('metadata', (m) => { headers = m; });
  });
}

async function expectCode(code, promise) {
  try {
    await promise;
  } catch (error) {
    assert.equal(error.code, code, `expected ${code}, got ${error.code}: ${error.details}`);
    return error;
  }
  assert.fail(`expected status ${code}, call succeeded`);
}

// Reads a duplex/server stream: resolves with the responses and status, or rejects with the error.
function collect(call) {
  return new Promise((resolve, reject) => {
    const responses = [];
    let headers;
    call.on('metadata', (m) => { headers = m; });
    call.on('data', (d) => responses.push(d));
    call.on('error', reject);
    call.on('status', (status) => { if (status.code === grpc.status.OK) resolve({ responses, headers, trailers: status.metadata }); });
  });
}

function nextMessage(call) {
  return new Promise((resolve, reject) => {
    const onData = (d) => { call.off('error', onError); resolve(d); };
    const onError = (e) => { call.off('data', onData); reject(e); };
    call.once('data', onData);
    call.once('error', onError);
  });
}

const tests = {
  async empty_unary() {
    const { response } = await unary(client, 'EmptyCall', {});
    assert.deepEqual(response, {});
  },
  async large_unary() {
    const { response } = await unary(client, 'UnaryCall', largeRequest());
    assert.ok(response.payload.body.equals(Buffer.alloc(314159)));
  },
  async client_streaming() {
    const result = new Promise((resolve, reject) => {
      const call = client.StreamingInputCall((error, response) => (error ? reject(error) : resolve(response)));
      for (const size of [27182, 8, 1828, 45904]) call.write({ payload: zeros(size) });
      call.end();
    });
    assert.equal((await result).aggregated_payload_size, 74922);
  },
  async server_streaming() {
    const sizes = [31415, 9, 2653, 58979];
    const { responses } = await collect(client.StreamingOutputCall({ response_parameters: sizes.map((size) => ({ size })) }));
    assert.deepEqual(responses.map((r) => r.payload.body.length), sizes);
  },
  async ping_pong() {
    const call = client.FullDuplexCall();
    const done = collect(call);
    for (const [responseSize, requestSize] of [[31415, 27182], [9, 8], [2653, 1828], [58979, 45904]]) {
      const next = nextMessage(call);
      call.write(streamingRequest(responseSize, requestSize));
      assert.equal((await next).payload.body.length, responseSize);
    }
    call.end();
    assert.equal((await done).responses.length, 4);
  },
  async empty_stream() {
    const call = client.FullDuplexCall();
    const done = collect(call);
    call.end();
    assert.equal((await done).responses.length, 0);
  },
  async custom_metadata() {
    const metadata = () => {
      const m = new grpc.Metadata();
      m.set('x-grpc-test-echo-initial', 'test_initial_metadata_value');
      m.set('x-grpc-test-echo-trailing-bin', Buffer.from([0xab, 0xab, 0xab]));
      return m;
    };
    const single = await unary(client, 'UnaryCall', largeRequest(), metadata());
    assert.equal(single.response.payload.body.length, 314159);
    assert.deepEqual(single.headers.get('x-grpc-test-echo-initial'), ['test_initial_metadata_value']);
    assert.ok(single.trailers.get('x-grpc-test-echo-trailing-bin')[0].equals(Buffer.from([0xab, 0xab, 0xab])));
    const call = client.FullDuplexCall(metadata());
    const done = collect(call);
    call.write(streamingRequest(314159, 271828));
    call.end();
    const streamed = await done;
    assert.equal(streamed.responses[0].payload.body.length, 314159);
    assert.deepEqual(streamed.headers.get('x-grpc-test-echo-initial'), ['test_initial_metadata_value']);
    assert.ok(streamed.trailers.get('x-grpc-test-echo-trailing-bin')[0].equals(Buffer.from([0xab, 0xab, 0xab])));
  },
  async status_code_and_message() {
    await checkStatus('test status message');
  },
  async special_status_message() {
    await checkStatus('\t\ntest with whitespace\r\nand Unicode BMP \u263a and non-BMP \u{1F608}\t\n');
  },
  async unimplemented_method() {
    await expectCode(grpc.status.UNIMPLEMENTED, unary(client, 'UnimplementedCall', {}));
  },
  async unimplemented_service() {
    await expectCode(grpc.status.UNIMPLEMENTED, unary(unimplementedClient, 'UnimplementedCall', {}));
  },
  async timeout_on_sleeping_server() {
    const call = client.FullDuplexCall({ deadline: Date.now() + 1 });
    const done = collect(call);
    call.write({ payload: zeros(27182) });
    await expectCode(grpc.status.DEADLINE_EXCEEDED, done);
  },
  async cancel_after_begin() {
    const result = new Promise((resolve, reject) => {
      const call = client.StreamingInputCall((error, response) => (error ? reject(error) : resolve(response)));
      call.cancel();
    });
    await expectCode(grpc.status.CANCELLED, result);
  },
  async cancel_after_first_response() {
    const call = client.FullDuplexCall();
    const done = collect(call);
    const first = nextMessage(call);
    call.write(streamingRequest(31415, 27182));
    assert.equal((await first).payload.body.length, 31415);
    call.cancel();
    await expectCode(grpc.status.CANCELLED, done);
  },
  async client_compressed_unary() {
    await expectCode(grpc.status.INVALID_ARGUMENT, unary(client, 'UnaryCall', largeRequest({ expect_compressed: { value: true } })));
    const compressed = await unary(gzipClient, 'UnaryCall', largeRequest({ expect_compressed: { value: true } }));
    assert.equal(compressed.response.payload.body.length, 314159);
    const plain = await unary(client, 'UnaryCall', largeRequest({ expect_compressed: { value: false } }));
    assert.equal(plain.response.payload.body.length, 314159);
  },
  async server_compressed_unary() {
    for (const value of [true, false]) {
      const { response } = await unary(client, 'UnaryCall', largeRequest({ response_compressed: { value } }));
      assert.equal(response.payload.body.length, 314159);
    }
  },
};

async function checkStatus(message) {
  const response_status = { code: 2, message };
  const single = await expectCode(grpc.status.UNKNOWN, unary(client, 'UnaryCall', { response_status }));
  assert.equal(single.details, message);
  const call = client.FullDuplexCall();
  const done = collect(call);
  call.write({ response_status });
  call.end();
  const streamed = await expectCode(grpc.status.UNKNOWN, done);
  assert.equal(streamed.details, message);
}

(async () => {
  for (const name of cases) {
    try {
      let timer;
      const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('timed out after 10 s')), 10000); });
      await Promise.race([tests[name](), timeout]).finally(() => clearTimeout(timer));
      console.log(`PASS ${name}`);
    } catch (error) {
      console.log(`FAIL ${name}: ${String(error && error.message).replace(/\n/g, ' | ')}`);
    }
  }
  client.close();
  gzipClient.close();
  unimplementedClient.close();
  // A cancelled call can keep a timer alive; the results are printed, so leave now.
  process.exit(0);
})();
