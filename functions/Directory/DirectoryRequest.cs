using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Functions.Http;

namespace Gatehouse.Functions.Directory;

/// <summary>Reads a directory request's JSON body: malformed JSON, a wrong <c>entity-type</c> or an oversized body is a 400, answered here.</summary>
internal static class DirectoryRequest
{
    /// <summary>Far more than a user or a group of the largest allowed size (10,000 member names of 128 characters).</summary>
    public const int MaxBodyBytes = 4 << 20;

    /// <summary>
    /// The body as <typeparamref name="T"/>, or null after answering 400. With <paramref name="entityType"/>, the body's
    /// <c>entity-type</c> (read by <paramref name="entityTypeOf"/>) must be that one, as Nuxeo's readers require.
    /// </summary>
    public static async Task<T?> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> type, string? entityType = null, Func<T, string?>? entityTypeOf = null)
        where T : class
    {
        var body = await ReadBytesAsync(context.Request, context.RequestAborted);
        if (body is null)
        {
            await Responses.ErrorAsync(context, StatusCodes.Status400BadRequest, $"Bad request: the body must be at most {MaxBodyBytes / (1 << 20)} MiB.");
            return null;
        }

        T? value;
        try
        {
            value = body.Length == 0 ? null : JsonSerializer.Deserialize(body, type);
        }
        catch (JsonException invalid)
        {
            await Responses.ErrorAsync(context, StatusCodes.Status400BadRequest, $"Bad request: the body is not valid JSON for this request ({invalid.Message})");
            return null;
        }

        if (value is null)
        {
            await Responses.ErrorAsync(context, StatusCodes.Status400BadRequest, "Bad request: a JSON object is required as the body.");
            return null;
        }

        if (entityType is not null && entityTypeOf is not null && !string.Equals(entityTypeOf(value), entityType, StringComparison.Ordinal))
        {
            await Responses.ErrorAsync(context, StatusCodes.Status400BadRequest, $"Bad request: the body's entity-type must be \"{entityType}\".");
            return null;
        }

        return value;
    }

    /// <summary>The whole body, or null when it is longer than <see cref="MaxBodyBytes"/>.</summary>
    private static async Task<byte[]?> ReadBytesAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
