using System.Net.Sockets;
using System.Text;

namespace Gatehouse.Tests.Infrastructure;

/// <summary>
/// One HTTP/1.1 request written byte for byte, as a given client sends it: HttpClient would add or drop
/// headers (it refuses a <c>Content-Type</c> on a bodiless GET, which nuxeo-python-client sends).
/// </summary>
internal static class RawHttp
{
    public sealed record Answer(int Status, IReadOnlyDictionary<string, string> Headers, string Body);

    /// <param name="port">The server's port on 127.0.0.1.</param>
    /// <param name="requestLine">e.g. <c>GET /path?query HTTP/1.1</c>.</param>
    /// <param name="headers">Every header but <c>Host</c> and <c>Connection</c>, in the client's order.</param>
    public static Task<Answer> SendAsync(int port, string requestLine, params (string Name, string Value)[] headers) =>
        SendAsync(port, requestLine, body: null, headers);

    /// <param name="port">The server's port on 127.0.0.1.</param>
    /// <param name="requestLine">e.g. <c>PUT /path HTTP/1.1</c>.</param>
    /// <param name="body">The body, sent as UTF-8 after a <c>Content-Length</c> header (as python-requests does); none when null.</param>
    /// <param name="headers">Every header but <c>Host</c>, <c>Connection</c> and <c>Content-Length</c>, in the client's order.</param>
    public static async Task<Answer> SendAsync(int port, string requestLine, string? body, params (string Name, string Value)[] headers)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var text = new StringBuilder().Append(requestLine).Append("\r\nHost: 127.0.0.1:").Append(port).Append("\r\n");
        foreach (var (name, value) in headers)
        {
            text.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        var content = body is null ? [] : Encoding.UTF8.GetBytes(body);
        if (body is not null)
        {
            text.Append("Content-Length: ").Append(content.Length).Append("\r\n");
        }

        text.Append("Connection: close\r\n\r\n");
        await using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()));
        await stream.WriteAsync(content);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, timeout.Token);
        return Parse(buffer.ToArray());
    }

    private static Answer Parse(byte[] response)
    {
        var end = response.AsSpan().IndexOf("\r\n\r\n"u8);
        var lines = Encoding.Latin1.GetString(response, 0, end).Split("\r\n");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon]] = line[(colon + 1)..].Trim();
        }

        var body = response.AsSpan(end + 4);
        var chunked = headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase);
        return new Answer(int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), headers, Encoding.UTF8.GetString(chunked ? Unchunk(body) : body));
    }

    /// <summary>The body of a chunked message: chunk sizes count bytes, so this works on bytes.</summary>
    private static byte[] Unchunk(ReadOnlySpan<byte> chunked)
    {
        var result = new MemoryStream();
        while (true)
        {
            var lineEnd = chunked.IndexOf("\r\n"u8);
            var size = Convert.ToInt32(Encoding.ASCII.GetString(chunked[..lineEnd]).Split(';')[0], 16);
            if (size == 0)
            {
                return result.ToArray();
            }

            result.Write(chunked.Slice(lineEnd + 2, size));
            chunked = chunked[(lineEnd + 2 + size + 2)..];
        }
    }
}
