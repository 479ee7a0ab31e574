using RevOps.Grpc.Reflection.V1Alpha;

namespace RevOps.Grpc.Internal;

/// <summary>grpc.reflection.v1alpha.ServerReflection over the mapped services.</summary>
internal sealed class ReflectionV1AlphaHandler(ReflectionIndex index)
{
    public async Task ServerReflectionInfo(
        IAsyncStreamReader<ServerReflectionRequest> requestStream, IServerStreamWriter<ServerReflectionResponse> responseStream, ServerCallContext context)
    {
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            await responseStream.WriteAsync(Answer(requestStream.Current));
        }
    }

    private ServerReflectionResponse Answer(ServerReflectionRequest request)
    {
        var response = new ServerReflectionResponse { ValidHost = request.Host, OriginalRequest = request };
        switch (request.MessageRequestCase)
        {
            case ServerReflectionRequest.MessageRequestOneofCase.ListServices:
                var list = new ListServiceResponse();
                list.Service.AddRange(index.ServiceNames.Select(name => new ServiceResponse { Name = name }));
                response.ListServicesResponse = list;
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileByFilename:
                SetFiles(response, index.FileByName(request.FileByFilename), $"File '{request.FileByFilename}' not found.");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingSymbol:
                SetFiles(response, index.FileContainingSymbol(request.FileContainingSymbol), $"Symbol '{request.FileContainingSymbol}' not found.");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.AllExtensionNumbersOfType when index.HasMessage(request.AllExtensionNumbersOfType):
                response.AllExtensionNumbersResponse = new ExtensionNumberResponse { BaseTypeName = request.AllExtensionNumbersOfType };
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.AllExtensionNumbersOfType:
                SetError(response, StatusCode.NotFound, $"Type '{request.AllExtensionNumbersOfType}' not found.");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingExtension:
                SetError(response, StatusCode.NotFound, "No extensions are registered.");
                break;
            default:
                SetError(response, StatusCode.InvalidArgument, "The request names no reflection query.");
                break;
        }
        return response;
    }

    private static void SetFiles(ServerReflectionResponse response, IReadOnlyList<Google.Protobuf.ByteString>? files, string notFound)
    {
        if (files is null)
        {
            SetError(response, StatusCode.NotFound, notFound);
            return;
        }
        var descriptors = new FileDescriptorResponse();
        descriptors.FileDescriptorProto.AddRange(files);
        response.FileDescriptorResponse = descriptors;
    }

    private static void SetError(ServerReflectionResponse response, StatusCode code, string message) =>
        response.ErrorResponse = new ErrorResponse { ErrorCode = (int)code, ErrorMessage = message };
}
