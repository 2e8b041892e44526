using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Gatehouse.Functions.Http;

/// <summary>
/// Reads the small JSON bodies of the sign-in calls. Only <c>application/json</c> is read: a cross-site HTML form
/// cannot send it without a CORS preflight, which Gatehouse never grants.
/// </summary>
internal static class JsonBodies
{
    /// <summary>No sign-in body is longer: larger ones are refused without being parsed.</summary>
    public const int MaxLength = 4 * 1024;

    /// <summary>
    /// The body as <typeparamref name="T"/>: <c>(true, null)</c> when there is none, <c>(false, null)</c> when it is
    /// not JSON of that shape, too large, or of another content type (the caller answers 400).
    /// </summary>
    public static async Task<(bool Valid, T? Value)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength == 0 || (request.ContentLength is null && request.ContentType is null))
        {
            return (true, null);
        }

        if (!request.HasJsonContentType() || request.ContentLength > MaxLength)
        {
            return (false, null);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxLength)
            {
                return (false, null);
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return (true, null);
        }

        try
        {
            return (true, JsonSerializer.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), typeInfo));
        }
        catch (JsonException)
        {
            return (false, null);
        }
    }
}
