using Azure;
using Gatehouse.Storage;

namespace Gatehouse.Tests.Storage;

public sealed class StorageFailuresTests
{
    public static TheoryData<Exception, bool> Failures() => new()
    {
        { new RequestFailedException(0, "connection refused"), true },
        { new RequestFailedException(408, "timeout"), true },
        { new RequestFailedException(429, "throttled"), true },
        { new RequestFailedException(500, "internal"), true },
        { new RequestFailedException(503, "busy"), true },
        { new HttpRequestException("reset"), true },
        { new TaskCanceledException("network timeout"), true },
        { new TimeoutException(), true },
        { new AggregateException(new RequestFailedException(503, "a"), new HttpRequestException("b")), true },
        { new RequestFailedException(400, "bad request"), false },
        { new RequestFailedException(403, "forbidden"), false },
        { new RequestFailedException(404, "not found"), false },
        { new RequestFailedException(409, "conflict"), false },
        { new RequestFailedException(412, "precondition"), false },
        { new AggregateException(new RequestFailedException(503, "a"), new InvalidOperationException()), false },
        { new InvalidOperationException(), false },
        { new ArgumentException("bad"), false },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Outages_are_told_from_other_failures(Exception exception, bool isOutage)
    {
        Assert.Equal(isOutage, StorageFailures.IsOutage(exception, CancellationToken.None));
    }

    [Fact]
    public void The_callers_own_cancellation_is_not_an_outage()
    {
        using var source = new CancellationTokenSource();
        source.Cancel();

        Assert.False(StorageFailures.IsOutage(new TaskCanceledException(), source.Token));
    }

    [Fact]
    public void An_outage_becomes_a_storage_dependency_failure()
    {
        var cause = new RequestFailedException(503, "busy");

        var unavailable = StorageFailures.Unavailable(cause);

        Assert.Equal("storage", unavailable.Dependency);
        Assert.Same(cause, unavailable.InnerException);
    }

    [Fact]
    public void A_missing_table_is_not_a_missing_entity()
    {
        var tableGone = new RequestFailedException(404, "The table specified does not exist.", "TableNotFound", null);
        var entityGone = new RequestFailedException(404, "The specified resource does not exist.", "ResourceNotFound", null);

        Assert.True(StorageFailures.IsTableNotFound(tableGone));
        Assert.False(StorageFailures.IsNotFound(tableGone));
        Assert.False(StorageFailures.IsTableNotFound(entityGone));
        Assert.True(StorageFailures.IsNotFound(entityGone));
    }

    public static TheoryData<int, string?, string, bool> NoValueAnswers() => new()
    {
        { 404, "TableNotFound", "", true },
        { 404, "ResourceNotFound", "", false },
        { 404, null, """{"odata.error":{"code":"TableNotFound","message":{"lang":"en-US","value":"The table specified does not exist."}}}""", true },
        { 404, null, """{"odata.error":{"code":"ResourceNotFound","message":{"lang":"en-US","value":"TableNotFound is not this"}}}""", false },
        { 404, null, "not json", false },
        { 404, null, "", false },
        { 200, "TableNotFound", "", false },
    };

    [Theory]
    [MemberData(nameof(NoValueAnswers))]
    public void A_no_value_answer_says_whether_the_table_is_missing_by_header_or_else_by_body(int status, string? errorCodeHeader, string body, bool tableMissing)
    {
        using var response = new CannedResponse(status, errorCodeHeader, body);

        Assert.Equal(tableMissing, StorageFailures.IsTableNotFound(response));
    }

    /// <summary>A service answer with a status, an optional <c>x-ms-error-code</c> and a body.</summary>
    private sealed class CannedResponse(int status, string? errorCode, string body) : Response
    {
        public override int Status => status;

        public override string ReasonPhrase => string.Empty;

        public override Stream? ContentStream { get; set; } = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(body));

        public override string ClientRequestId { get; set; } = string.Empty;

        public override void Dispose() => ContentStream?.Dispose();

        protected override bool ContainsHeader(string name) => TryGetHeader(name, out _);

        protected override IEnumerable<Azure.Core.HttpHeader> EnumerateHeaders() =>
            errorCode is null ? [] : [new Azure.Core.HttpHeader("x-ms-error-code", errorCode)];

        protected override bool TryGetHeader(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
        {
            value = string.Equals(name, "x-ms-error-code", StringComparison.OrdinalIgnoreCase) ? errorCode : null;
            return value is not null;
        }

        protected override bool TryGetHeaderValues(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IEnumerable<string>? values)
        {
            values = TryGetHeader(name, out var value) ? [value] : null;
            return values is not null;
        }
    }
}
