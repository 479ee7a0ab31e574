namespace RevOps.RevenueContract;

/// <summary>A contract document failed validation; <see cref="Errors"/> lists every problem with its line.</summary>
public sealed class ContractValidationException : Exception
{
    public ContractValidationException(IReadOnlyList<ContractError> errors)
        : base(Describe(errors)) => Errors = errors;

    public ContractValidationException() : this([]) { }

    public ContractValidationException(string message) : base(message) => Errors = [];

    public ContractValidationException(string message, Exception innerException) : base(message, innerException) => Errors = [];

    public IReadOnlyList<ContractError> Errors { get; }

    private static string Describe(IReadOnlyList<ContractError> errors) =>
        $"The revenue contract has {errors.Count} error(s):{Environment.NewLine}" + string.Join(Environment.NewLine, errors);
}
