using System.Globalization;

namespace Gatehouse.Tools.HostDouble;

/// <summary>The command's options, named as Core Tools name theirs where there is an equivalent.</summary>
internal sealed record CommandLine(string ScriptRoot, int? Port, string? SettingsFile, bool EnableAuth)
{
    public const string Usage =
        """
        Runs a published .NET isolated-worker function app under the Functions host double (no Core Tools needed).

        Usage: dotnet run --project tools/hostdouble -- --script-root <published app dir> [options]

          --script-root <dir>   the published app: host.json, worker.config.json, functions.metadata
          --port <number>       the HTTP port on 127.0.0.1 (default: local.settings.json Host.LocalHttpPort, else 7071)
          --settings <file>     a local.settings.json whose Values become app settings
                                (default: local.settings.json in the script root, when there is one)
          --enable-auth         enforce function keys as the deployed host does (Core Tools' --enableAuth)
          --help                this text
        """;

    /// <summary>The parsed options, or null with <paramref name="error"/> set (null error: help was asked for).</summary>
    public static CommandLine? Parse(IReadOnlyList<string> args, out string? error)
    {
        string? scriptRoot = null, settings = null;
        int? port = null;
        var enableAuth = false;
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--help" or "-h":
                    return null;
                case "--script-root":
                    scriptRoot = ValueOf(args, ref i, out error);
                    break;
                case "--settings":
                    settings = ValueOf(args, ref i, out error);
                    break;
                case "--port":
                    var text = ValueOf(args, ref i, out error);
                    if (text is not null)
                    {
                        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
                        {
                            error = $"--port '{text}' is not a port number (1-65535).";
                            return null;
                        }

                        port = number;
                    }

                    break;
                case "--enable-auth" or "--enableAuth":
                    enableAuth = true;
                    break;
                default:
                    error = $"Unknown option '{args[i]}'.";
                    return null;
            }

            if (error is not null)
            {
                return null;
            }
        }

        if (scriptRoot is null)
        {
            error = "--script-root is required.";
            return null;
        }

        return new CommandLine(scriptRoot, port, settings, enableAuth);
    }

    private static string? ValueOf(IReadOnlyList<string> args, ref int i, out string? error)
    {
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            error = $"{args[i]} needs a value.";
            return null;
        }

        error = null;
        return args[++i];
    }
}
