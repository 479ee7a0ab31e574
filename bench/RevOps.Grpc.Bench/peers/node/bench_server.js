// revops.bench.v1.Bench on @grpc/grpc-js. Usage: node bench_server.js PROTO PORT
'use strict';
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const [protoPath, port] = process.argv.slice(2);
const bench = grpc.loadPackageDefinition(protoLoader.loadSync(protoPath, { keepCase: true })).revops.bench.v1;
const server = new grpc.Server();
server.addService(bench.Bench.service, {
  Score: (call, callback) => callback(null, { lead_id: call.request.lead_id, score: 87, qualified: true }),
});
server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (error) => {
  if (error) throw error;
  console.log('LISTENING');
});
