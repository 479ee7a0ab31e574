using Npgsql;
using RevOps.Contracts.Events;
using RevOps.Grpc;
using RevOps.RevenueContract;

namespace RevOps.Scoring.Data;

/// <summary>Contract versions and signatures in scoringdb. Every write takes one advisory lock, so versions are numbered and activated one at a time across replicas.</summary>
internal sealed partial class ContractStore(NpgsqlDataSource dataSource, ILogger<ContractStore> logger)
{
    /// <summary>Channel replicas LISTEN on; the payload is the activated version.</summary>
    public const string ActivationChannel = "contract_activated";

    /// <summary>Who "signed" the seeded default contract: nobody did, and the audit says so.</summary>
    public const string RepositoryDefaultSigner = "repository-default";

    private const long ContractWriteLock = 0x5265764f7043; // "RevOpC"

    private const string SelectVersion = """
        SELECT version, yaml, content_hash, effective_from, proposed_by, proposed_at, comment, activated_at, superseded_at
        FROM contract_versions
        """;

    /// <summary>On an empty table, stores the repository's default contract as version 1, active, signed by "repository-default". Returns whether it seeded.</summary>
    public async Task<bool> SeedDefaultAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAsync(connection, transaction, cancellationToken);
        await using (var any = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM contract_versions)", connection, transaction))
        {
            if ((bool)(await any.ExecuteScalarAsync(cancellationToken))!)
                return false;
        }
        var document = ContractLoader.LoadDefault() with { Version = 1 };
        var now = DateTimeOffset.UtcNow;
        await InsertVersionAsync(connection, transaction, document, RepositoryDefaultSigner, "the default contract shipped with the repository", now, cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var side in new[] { ContractSide.Marketing, ContractSide.Sales })
            batch.BatchCommands.Add(SignatureInsert(1, side, RepositoryDefaultSigner, "seeded at first start", now));
        AddActivation(batch, document, previousVersion: null, RepositoryDefaultSigner, RepositoryDefaultSigner, now);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogSeeded(logger, document.Version, ContractSerializer.ContentHash(document));
        return true;
    }

    public async Task<int?> GetActiveVersionAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT version FROM contract_versions WHERE activated_at IS NOT NULL AND superseded_at IS NULL");
        return await command.ExecuteScalarAsync(cancellationToken) is int version ? version : null;
    }

    public async Task<ContractVersionRecord?> GetAsync(int version, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var records = await ReadAsync(connection, null, $"{SelectVersion} WHERE version = $1", [version], cancellationToken);
        return records.Count == 0 ? null : records[0];
    }

    /// <summary>Newest first; <paramref name="limit"/> 0 means all.</summary>
    public async Task<IReadOnlyList<ContractVersionRecord>> HistoryAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ReadAsync(connection, null, $"{SelectVersion} ORDER BY version DESC LIMIT $1", [limit > 0 ? limit : int.MaxValue], cancellationToken);
    }

    /// <summary>Stores <paramref name="document"/> as the next version number, unsigned.</summary>
    public async Task<ContractVersionRecord> ProposeAsync(ContractDocument document, string proposedBy, string? comment, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAsync(connection, transaction, cancellationToken);
        await using var next = new NpgsqlCommand("SELECT COALESCE(max(version), 0) + 1 FROM contract_versions", connection, transaction);
        var version = (int)(await next.ExecuteScalarAsync(cancellationToken))!;
        var numbered = document with { Version = version };
        await InsertVersionAsync(connection, transaction, numbered, proposedBy, comment, DateTimeOffset.UtcNow, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogProposed(logger, version, proposedBy);
        return (await GetAsync(version, cancellationToken))!;
    }

    /// <summary>
    /// Records one side's signature (SigningRules decide); the second one activates the version in the same transaction:
    /// the previous version is superseded, ContractActivated goes to the outbox and replicas are notified.
    /// </summary>
    public async Task<SignResult> SignAsync(int version, ContractSide side, string signer, string? comment, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAsync(connection, transaction, cancellationToken);
        var records = await ReadAsync(connection, transaction, $"{SelectVersion} WHERE version = $1", [version], cancellationToken);
        if (records.Count == 0)
            throw new RpcException(new Status(StatusCode.NotFound, $"contract version {version} does not exist"));
        var record = records[0];
        var active = await ReadAsync(connection, transaction, $"{SelectVersion} WHERE activated_at IS NOT NULL AND superseded_at IS NULL", [], cancellationToken);
        var activeVersion = active.Count == 0 ? (int?)null : active[0].Version;

        var decision = SigningRules.Decide(version, activeVersion, record.Signatures, side, signer);
        switch (decision.Outcome)
        {
            case SignOutcome.Rejected:
                throw new RpcException(new Status(StatusCode.FailedPrecondition, decision.Reason ?? "the signature was refused"));
            case SignOutcome.AlreadySigned:
                return new SignResult(record, Activated: false);
        }

        var now = DateTimeOffset.UtcNow;
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            batch.BatchCommands.Add(SignatureInsert(version, side, signer.Trim(), comment, now));
            if (decision.Activates)
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand(
                    "UPDATE contract_versions SET superseded_at = $1 WHERE activated_at IS NOT NULL AND superseded_at IS NULL")
                    { Parameters = { new() { Value = now } } });
                batch.BatchCommands.Add(new NpgsqlBatchCommand("UPDATE contract_versions SET activated_at = $1 WHERE version = $2")
                    { Parameters = { new() { Value = now }, new() { Value = version } } });
                var document = ContractLoader.Load(record.Yaml);
                var signatures = record.Signatures.Append(new SideSignature(side, signer.Trim(), comment, now)).ToList();
                AddActivation(batch, document, activeVersion,
                    signatures.First(s => s.Side == ContractSide.Marketing).Signer, signatures.First(s => s.Side == ContractSide.Sales).Signer, now);
            }
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        if (decision.Activates)
            LogActivated(logger, version, activeVersion);
        return new SignResult((await GetAsync(version, cancellationToken))!, decision.Activates);
    }

    private static void AddActivation(NpgsqlBatch batch, ContractDocument document, int? previousVersion, string marketingSigner, string salesSigner, DateTimeOffset now)
    {
        var eventId = Guid.CreateVersion7();
        OutboxBatch.Add(batch, eventId, new ContractActivated
        {
            EventId = eventId,
            OccurredAt = now,
            ContractVersion = document.Version,
            PreviousVersion = previousVersion,
            ContentHash = ContractSerializer.ContentHash(document),
            EffectiveFrom = EffectiveFrom(document),
            MarketingSigner = marketingSigner,
            SalesSigner = salesSigner,
        });
        OutboxBatch.Notify(batch);
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT pg_notify('{ActivationChannel}', $1)")
            { Parameters = { new() { Value = document.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) } } });
    }

    private static async Task InsertVersionAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, ContractDocument document, string proposedBy, string? comment, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand("""
            INSERT INTO contract_versions (version, yaml, content_hash, effective_from, proposed_by, proposed_at, comment, activated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """, connection, transaction)
        {
            Parameters =
            {
                new() { Value = document.Version },
                new() { Value = ContractSerializer.ToCanonicalYaml(document) },
                new() { Value = ContractSerializer.ContentHash(document) },
                new() { Value = EffectiveFrom(document) },
                new() { Value = proposedBy },
                new() { Value = now },
                new() { Value = (object?)comment ?? DBNull.Value },
                // The seeded default is active from birth; proposals wait for signatures.
                new() { Value = proposedBy == RepositoryDefaultSigner ? now : DBNull.Value },
            },
        };
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlBatchCommand SignatureInsert(int version, ContractSide side, string signer, string? comment, DateTimeOffset now) => new(
        "INSERT INTO contract_signatures (version, side, signer, comment, signed_at) VALUES ($1, $2, $3, $4, $5)")
    {
        Parameters =
        {
            new() { Value = version },
            new() { Value = SigningRules.Name(side) },
            new() { Value = signer },
            new() { Value = (object?)comment ?? DBNull.Value },
            new() { Value = now },
        },
    };

    private static DateTimeOffset EffectiveFrom(ContractDocument document) =>
        new(document.EffectiveFrom.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static async Task LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({ContractWriteLock})", connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<List<ContractVersionRecord>> ReadAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, object[] parameters, CancellationToken cancellationToken)
    {
        var records = new List<ContractVersionRecord>();
        await using (var command = new NpgsqlCommand(sql, connection, transaction))
        {
            foreach (var value in parameters)
                command.Parameters.Add(new NpgsqlParameter { Value = value });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                records.Add(new ContractVersionRecord
                {
                    Version = reader.GetInt32(0),
                    Yaml = reader.GetString(1),
                    ContentHash = reader.GetString(2),
                    EffectiveFrom = new DateTimeOffset(reader.GetFieldValue<DateOnly>(3).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
                    ProposedBy = reader.GetString(4),
                    ProposedAt = reader.GetFieldValue<DateTimeOffset>(5),
                    Comment = reader.IsDBNull(6) ? null : reader.GetString(6),
                    ActivatedAt = reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
                    SupersededAt = reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
                });
            }
        }
        if (records.Count == 0)
            return records;

        var signatures = new List<(int Version, SideSignature Signature)>();
        await using (var command = new NpgsqlCommand(
            "SELECT version, side, signer, comment, signed_at FROM contract_signatures WHERE version = ANY($1) ORDER BY signed_at", connection, transaction)
            { Parameters = { new() { Value = records.Select(r => r.Version).ToArray() } } })
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var side = reader.GetString(1) == "marketing" ? ContractSide.Marketing : ContractSide.Sales;
                signatures.Add((reader.GetInt32(0), new SideSignature(side, reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4))));
            }
        }
        return records.Select(r => r with { Signatures = signatures.Where(s => s.Version == r.Version).Select(s => s.Signature).ToList() }).ToList();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded the repository's default contract as version {Version} ({ContentHash})")]
    private static partial void LogSeeded(ILogger logger, int version, string contentHash);

    [LoggerMessage(Level = LogLevel.Information, Message = "Contract version {Version} proposed by {ProposedBy}")]
    private static partial void LogProposed(ILogger logger, int version, string proposedBy);

    [LoggerMessage(Level = LogLevel.Information, Message = "Contract version {Version} activated (previous {PreviousVersion})")]
    private static partial void LogActivated(ILogger logger, int version, int? previousVersion);
}
