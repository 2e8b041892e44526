using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using Gatehouse.Testing;

namespace Gatehouse.Bench;

/// <summary>What the figures were measured on: they mean nothing without it.</summary>
internal static class Machine
{
    /// <summary>The 1-, 5- and 15-minute load averages: other work on the machine shows here, and moves every figure.</summary>
    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    public static IReadOnlyList<(string Name, string Value)> Describe() =>
    [
        ("CPU", $"{FirstValue("/proc/cpuinfo", "model name")} × {Environment.ProcessorCount} (shared by load generator, servers and Azurite)"),
        ("memory", FirstValue("/proc/meminfo", "MemTotal")),
        ("OS", FirstValue("/etc/os-release", "PRETTY_NAME").Trim('"')),
        (".NET", RuntimeInformation.FrameworkDescription),
        ("wrk", FirstLine(Wrk.Binary, "-v")),
        ("nginx", FirstLine(NginxProcess.Binary, "-v")),
        ("Azurite", AzuriteVersion()),
    ];

    private static string FirstValue(string file, string key) =>
        File.ReadLines(file).Select(line => line.Split([':', '='], 2)).FirstOrDefault(parts => parts.Length == 2 && parts[0].Trim() == key)?[1].Trim() ?? "unknown";

    /// <summary>wrk and nginx print their version on stdout or stderr depending on the tool.</summary>
    private static string FirstLine(string binary, string argument)
    {
        using var process = Process.Start(new ProcessStartInfo(binary, [argument]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "unknown";
    }

    private static string AzuriteVersion()
    {
        using var package = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "node_modules", "azurite", "package.json")));
        return package.RootElement.GetProperty("version").GetString() ?? "unknown";
    }
}
