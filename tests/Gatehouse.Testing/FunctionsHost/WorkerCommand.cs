using System.Text.Json;
using System.Text.RegularExpressions;

namespace Gatehouse.Testing.FunctionsHost;

/// <summary>
/// The command line the host builds from the app's worker.config.json: the executable, its own arguments,
/// the quoted worker path, the worker arguments, then the host's switches (<see cref="WithHostArguments"/>).
/// </summary>
internal sealed partial record WorkerCommand(string Executable, IReadOnlyList<string> Arguments)
{
    public const string Runtime = "dotnet-isolated";

    public static WorkerCommand Read(string appDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var path = Path.Combine(appDirectory, "worker.config.json");
        using var document = AppFiles.ReadIfExists(path)
            ?? throw new InvalidOperationException(
                $"'{appDirectory}' has no worker.config.json: it is not a published isolated-worker app (run dotnet publish first).");
        var description = document.RootElement.Property("description")
            ?? throw new InvalidOperationException($"'{path}' has no \"description\".");

        var language = description.Property("language")?.GetString();
        if (!string.Equals(language, Runtime, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"'{path}' describes a '{language}' worker; the host double runs {Runtime} workers only.");
        }

        // Worker indexing: the metadata comes from the worker. Without it the host would index function.json files itself.
        if (!string.Equals(description.Property("workerIndexing")?.GetString(), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"'{path}' does not set \"workerIndexing\": \"true\"; the host double supports worker indexing only.");
        }

        var executable = Expand(description.Property("defaultExecutablePath")?.GetString(), environment);
        if (string.IsNullOrEmpty(executable))
        {
            throw new InvalidOperationException($"'{path}' has no \"description.defaultExecutablePath\".");
        }

        var arguments = new List<string>(Strings(description.Property("arguments"), appDirectory, environment));
        var workerPath = Expand(description.Property("defaultWorkerPath")?.GetString(), environment);
        if (!string.IsNullOrEmpty(workerPath))
        {
            if (workerPath.Contains('{', StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"'{path}' defaultWorkerPath '{workerPath}' uses placeholders the host double does not fill.");
            }

            workerPath = Path.GetFullPath(Path.Combine(appDirectory, workerPath));
            if (!File.Exists(workerPath))
            {
                throw new InvalidOperationException($"'{path}' names the worker '{workerPath}', which does not exist.");
            }

            arguments.Add(workerPath);
        }

        arguments.AddRange(Strings(description.Property("workerArguments"), appDirectory, environment));
        return new WorkerCommand(executable, arguments);
    }

    /// <summary>The host's switches, both spellings: older workers read the first set, current ones the <c>--functions-</c> set.</summary>
    public IReadOnlyList<string> WithHostArguments(Uri hostUri, string workerId, string requestId)
    {
        const string maxMessageLength = "2147483647";
        var host = hostUri.Host;
        var port = hostUri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return
        [
            .. Arguments,
            "--host", host, "--port", port, "--workerId", workerId, "--requestId", requestId,
            "--grpcMaxMessageLength", maxMessageLength,
            "--functions-uri", hostUri.AbsoluteUri, "--functions-worker-id", workerId, "--functions-request-id", requestId,
            "--functions-grpc-max-message-length", maxMessageLength,
        ];
    }

    private static IEnumerable<string> Strings(JsonElement? array, string appDirectory, IReadOnlyDictionary<string, string> environment)
    {
        if (array is not { ValueKind: JsonValueKind.Array } items)
        {
            yield break;
        }

        foreach (var item in items.EnumerateArray())
        {
            var text = item.GetString();
            if (!string.IsNullOrEmpty(text))
            {
                yield return Expand(text.Replace("{workerDirectoryPath}", appDirectory, StringComparison.Ordinal), environment)!;
            }
        }
    }

    // %NAME% from the worker's environment, as the host expands them; unknown names expand to nothing, as the host's do.
    private static string? Expand(string? text, IReadOnlyDictionary<string, string> environment) =>
        text is null ? null : Variable().Replace(text, m => environment.GetValueOrDefault(m.Groups[1].Value, ""));

    [GeneratedRegex("%(.+?)%", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Variable();
}
