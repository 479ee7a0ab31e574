namespace RevOps.Redis;

/// <summary>Why a connection could not be made or was lost.</summary>
public enum ConnectionFailureType
{
    UnableToConnect,
    SocketClosed,
    AuthenticationFailure,
    ProtocolFailure,
    ConnectionDisposed,
}
