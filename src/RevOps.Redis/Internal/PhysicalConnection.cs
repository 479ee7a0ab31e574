using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace RevOps.Redis.Internal;

/// <summary>
/// One socket: a send loop draining an output pipe (so concurrent writes go out in batches) and a
/// receive loop matching reply frames to the FIFO of commands in flight on this socket only.
/// </summary>
internal sealed class PhysicalConnection
{
    private static readonly PipeOptions OutputOptions = new(
        pauseWriterThreshold: 0,
        resumeWriterThreshold: 0,
        minimumSegmentSize: 16 * 1024,
        readerScheduler: PipeScheduler.ThreadPool,
        writerScheduler: PipeScheduler.Inline,
        useSynchronizationContext: false);

    private readonly Socket _socket;
    private readonly Pipe _output = new(OutputOptions);
    private readonly PipeReader _input;
    private readonly ConcurrentQueue<PendingCommand> _inFlight = new();
    private readonly RedisConnection _events;
    private readonly ILogger _logger;
    private readonly string _endpoint;
    private Task _sendLoop = Task.CompletedTask;
    private Task _receiveLoop = Task.CompletedTask;
    private int _aborted;

    private PhysicalConnection(Socket socket, string endpoint, RedisConnection events, ILogger logger)
    {
        _socket = socket;
        _endpoint = endpoint;
        _events = events;
        _logger = logger;
        _input = PipeReader.Create(
            new NetworkStream(socket, ownsSocket: false),
            new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: true));
    }

    /// <summary>Set under the owner's write lock once the receive loop has ended; nothing is written after.</summary>
    public bool IsLost { get; set; }

    public RedisProtocol Protocol { get; set; } = RedisProtocol.Resp2;

    public IEnumerable<PendingCommand> InFlight => _inFlight;

    public bool HasInFlight => !_inFlight.IsEmpty;

    public Task Completion => Task.WhenAll(_sendLoop, _receiveLoop);

    public static async Task<PhysicalConnection> ConnectAsync(
        ConfigurationOptions options, RedisConnection events, ILogger logger, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.ConnectTimeout);
            await socket.ConnectAsync(options.Host, options.Port, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new RedisConnectionException(ConnectionFailureType.UnableToConnect,
                $"Connecting to {options} timed out after {options.ConnectTimeout.TotalMilliseconds} ms.");
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, $"Cannot connect to {options}: {ex.Message}", ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var connection = new PhysicalConnection(socket, options.ToString(), events, logger);
        connection._sendLoop = Task.Run(connection.SendLoopAsync, CancellationToken.None);
        connection._receiveLoop = Task.Run(connection.ReceiveLoopAsync, CancellationToken.None);
        return connection;
    }

    /// <summary>Queues the command for a reply and its bytes for sending. Caller holds the owner's write lock.</summary>
    public void WriteLocked(PendingCommand command)
    {
        _inFlight.Enqueue(command);
        var writer = _output.Writer;
        var payload = command.Payload;
        // Large payloads are copied in slices so no single pipe segment has to hold them whole.
        while (payload.Length > 0)
        {
            var span = writer.GetSpan(Math.Min(payload.Length, 64 * 1024));
            int n = Math.Min(span.Length, payload.Length);
            payload[..n].CopyTo(span);
            writer.Advance(n);
            payload = payload[n..];
        }
        var flush = writer.FlushAsync();
        if (flush.IsCompleted)
        {
            flush.GetAwaiter().GetResult();
        }
        else
        {
            _ = flush.AsTask();
        }
    }

    /// <summary>Drops the socket; the receive loop then fails everything in flight.</summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref _aborted, 1) == 0)
        {
            try
            {
                _socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
                // Already closed by the peer.
            }
            catch (ObjectDisposedException)
            {
                // Already closed by us.
            }
            _socket.Dispose();
        }
    }

    private async Task SendLoopAsync()
    {
        var reader = _output.Reader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync();
                var buffer = result.Buffer;
                foreach (var segment in buffer)
                {
                    var remaining = segment;
                    while (!remaining.IsEmpty)
                    {
                        int sent = await _socket.SendAsync(remaining, SocketFlags.None);
                        remaining = remaining[sent..];
                    }
                }
                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            // The receive loop sees the aborted socket and fails everything in flight.
            Log.SendFailed(_logger, _endpoint, ex.Message);
        }
        finally
        {
            await reader.CompleteAsync();
            Abort();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        Exception? error = null;
        try
        {
            long bytesNeeded = 0;
            while (true)
            {
                var result = await _input.ReadAsync();
                var buffer = result.Buffer;
                // A large reply is only rescanned once enough bytes for it have arrived.
                if (buffer.Length >= bytesNeeded)
                {
                    bytesNeeded = ProcessFrames(ref buffer);
                }
                if (result.IsCompleted)
                {
                    error = new IOException("The server closed the connection.");
                    break;
                }
                _input.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (Exception ex)
        {
            error = ex;
        }
        finally
        {
            Abort();
            _events.OnConnectionLost(this, error!);
            var failure = new RedisConnectionException(
                error is RedisProtocolException ? ConnectionFailureType.ProtocolFailure : ConnectionFailureType.SocketClosed,
                $"Connection to {_endpoint} was lost before the reply arrived; the command may or may not have run. {error?.Message}",
                error);
            while (_inFlight.TryDequeue(out var command))
            {
                command.TryFail(failure);
                command.Release();
            }
            _output.Writer.Complete();
            await _input.CompleteAsync();
        }
    }

    /// <summary>Dispatches every complete frame; returns the byte count the next (partial) frame needs, or 0.</summary>
    private long ProcessFrames(ref ReadOnlySequence<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var reader = new SequenceReader<byte>(buffer);
            if (!RespParser.TryScanFrame(ref reader, out long bytesNeeded))
            {
                return bytesNeeded;
            }
            var frame = buffer.Slice(0, reader.Position);
            Dispatch(frame);
            buffer = buffer.Slice(reader.Position);
        }
        return 0;
    }

    private void Dispatch(in ReadOnlySequence<byte> frame)
    {
        if (frame.FirstSpan[0] == (byte)'>')
        {
            _events.OnPush(frame);
            return;
        }
        if (!_inFlight.TryDequeue(out var command))
        {
            throw new RedisProtocolException("A reply arrived with no command waiting for it.");
        }
        command.Complete(frame);
        command.Release();
    }
}
