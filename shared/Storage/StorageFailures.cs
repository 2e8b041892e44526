using Azure;
using Azure.Data.Tables.Models;
using Azure.Identity;

namespace Gatehouse.Storage;

/// <summary>
/// Tells a storage outage from everything else, so callers answer 503 (SPEC §4.3): server errors,
/// throttling, timeouts and network failures become <see cref="DependencyUnavailableException"/>
/// with <c>Dependency = "storage"</c>. The caller's own cancellation stays a cancellation, and a
/// 4xx that is not throttling (a bug or misconfiguration) is left alone.
/// </summary>
internal static class StorageFailures
{
    public const string Dependency = "storage";

    /// <summary>True when <paramref name="exception"/> means Table Storage could not answer.</summary>
    public static bool IsOutage(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        RequestFailedException { Status: 0 or 408 or 429 or >= 500 } => true,
        HttpRequestException => true,
        TimeoutException => true,
        // The SDK's network timeout surfaces as a cancellation the caller did not ask for.
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        // No token for the storage account (managed identity endpoint down) is an outage too.
        CredentialUnavailableException or AuthenticationFailedException => true,
        // The retry policy reports every failed attempt together once it gives up.
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(e => IsOutage(e, cancellationToken)),
        _ => false,
    };

    public static DependencyUnavailableException Unavailable(Exception exception) =>
        new("Table Storage is unavailable.", exception) { Dependency = Dependency };

    /// <summary>True for the 409 of an insert whose key exists.</summary>
    public static bool IsConflict(RequestFailedException exception) => exception.Status == 409;

    /// <summary>True for the 409 of a table creation whose table exists (not one still being deleted, which is not usable).</summary>
    public static bool IsTableAlreadyExists(RequestFailedException exception) => exception.ErrorCode == TableErrorCode.TableAlreadyExists;

    /// <summary>True for the 412 of a write whose ETag no longer matches.</summary>
    public static bool IsPreconditionFailed(RequestFailedException exception) => exception.Status == 412;

    /// <summary>True for the 404 of an update or delete whose entity is gone.</summary>
    public static bool IsNotFound(RequestFailedException exception) => exception.Status == 404;
}
