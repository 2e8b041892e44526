using System.Text.Json;
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

    /// <summary>True for the 409 of a table creation while a table of that name is still being deleted (Azure takes a while).</summary>
    public static bool IsTableBeingDeleted(RequestFailedException exception) => exception.ErrorCode == TableErrorCode.TableBeingDeleted;

    /// <summary>True when the table itself is missing (deleted, or storage restarted empty), not just the entity.</summary>
    public static bool IsTableNotFound(RequestFailedException exception) => exception.ErrorCode == TableErrorCode.TableNotFound;

    /// <summary>
    /// True when a 404 answer that the SDK does not throw for (a point read's "no value") says the table is missing.
    /// The service names the error in <c>x-ms-error-code</c>; the OData body is read only when that header is absent.
    /// </summary>
    public static bool IsTableNotFound(Response response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Status != 404)
        {
            return false;
        }

        if (response.Headers.TryGetValue("x-ms-error-code", out var code))
        {
            return code == TableErrorCode.TableNotFound;
        }

        try
        {
            using var body = JsonDocument.Parse(response.Content.ToMemory());
            return body.RootElement.TryGetProperty("odata.error", out var error)
                && error.TryGetProperty("code", out var errorCode)
                && errorCode.ValueEquals(TableErrorCode.TableNotFound.ToString());
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The exception a missing table raises on a write, for a read that reported it as "no value".</summary>
    public static RequestFailedException TableNotFound(Response response) =>
        new(response.Status, "The table specified does not exist.", TableErrorCode.TableNotFound.ToString(), innerException: null);

    /// <summary>True for the 412 of a write whose ETag no longer matches.</summary>
    public static bool IsPreconditionFailed(RequestFailedException exception) => exception.Status == 412;

    /// <summary>True for the 404 of an update or delete whose entity is gone; a missing table is not that (see <see cref="IsTableNotFound(RequestFailedException)"/>).</summary>
    public static bool IsNotFound(RequestFailedException exception) => exception.Status == 404 && !IsTableNotFound(exception);
}
