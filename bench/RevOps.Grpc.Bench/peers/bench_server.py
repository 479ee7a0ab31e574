"""revops.bench.v1.Bench on python3-grpcio. Usage: bench_server.py PROTO PORT"""
import os
import shutil
import sys
import tempfile
from concurrent import futures

import grpc
from grpc_tools import protoc

out = tempfile.mkdtemp(prefix="revops-bench-")
shutil.copy(sys.argv[1], os.path.join(out, "bench.proto"))
protoc.main(["protoc", "-I" + out, "--python_out=" + out, "--grpc_python_out=" + out, "bench.proto"])
sys.path.insert(0, out)
import bench_pb2  # noqa: E402
import bench_pb2_grpc  # noqa: E402


class Bench(bench_pb2_grpc.BenchServicer):
    def Score(self, request, context):
        return bench_pb2.ScoreReply(lead_id=request.lead_id, score=87, qualified=True)


server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
bench_pb2_grpc.add_BenchServicer_to_server(Bench(), server)
server.add_insecure_port("127.0.0.1:" + sys.argv[2])
server.start()
print("LISTENING", flush=True)
server.wait_for_termination()
