using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Gatehouse.Tests.Infrastructure;

namespace Gatehouse.Tests.EndToEnd;

/// <summary>
/// <c>npm run gateway-demo</c> (<c>scripts/gateway-demo.sh</c>) run for real, on free ports, with the published app:
/// the curl lines it prints are run as printed, then it gets Ctrl-C's SIGINT and must leave nothing behind.
/// </summary>
public sealed partial class GatewayDemoTests
{
    private static readonly TimeSpan ReadyLimit = TimeSpan.FromSeconds(90);

    [GeneratedRegex(@"^HTTP/1\.1 (\d{3})", RegexOptions.Multiline)]
    private static partial Regex StatusLine();

    [Fact]
    public async Task The_demo_answers_its_printed_curl_lines_as_they_say_and_ctrl_c_leaves_nothing_running()
    {
        var ports = new Dictionary<string, int>
        {
            ["GATEWAY_DEMO_NGINX_PORT"] = FreePort.Next(),
            ["GATEWAY_DEMO_GATEHOUSE_PORT"] = FreePort.Next(),
            ["GATEWAY_DEMO_UPSTREAM_PORT"] = FreePort.Next(),
            ["GATEWAY_DEMO_AZURITE_PORT"] = FreePort.Next(),
        };
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot.Path, "scripts", "gateway-demo.sh")])
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["GATEHOUSE_APP_DIR"] = await PublishedApp.GetDirectoryAsync();
        foreach (var (name, port) in ports)
        {
            start.Environment[name] = port.ToString(CultureInfo.InvariantCulture);
        }

        var output = new ConcurrentQueue<string>();
        using var demo = Process.Start(start)!;
        demo.OutputDataReceived += (_, e) => output.Enqueue(e.Data ?? string.Empty);
        demo.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? string.Empty);
        demo.BeginOutputReadLine();
        demo.BeginErrorReadLine();
        string Printed() => string.Join('\n', output);
        List<(int Id, string Command)> started = [];
        try
        {
            var waited = Stopwatch.StartNew();
            while (!Printed().Contains("Press Ctrl-C", StringComparison.Ordinal))
            {
                Assert.False(demo.HasExited, "The demo stopped before it was ready:\n" + Printed());
                Assert.True(waited.Elapsed < ReadyLimit, $"The demo was not ready within {ReadyLimit.TotalSeconds} s:\n" + Printed());
                await Task.Delay(100);
            }

            started = Descendants(demo.Id);
            Assert.Contains(started, process => process.Command.StartsWith("nginx", StringComparison.Ordinal));

            var tried = await RunAsync(TryItLines(Printed()));
            Assert.Equal(["401", "200", "401"], StatusLine().Matches(tried).Select(match => match.Groups[1].Value));
            Assert.Contains("\"remote-user\": \"admin\"", tried, StringComparison.Ordinal);
            Assert.Contains("\"remote-auth-plugin\": \"TOKEN_AUTH\"", tried, StringComparison.Ordinal);

            // What a terminal's Ctrl-C sends; to the script alone, the harder case (its background jobs ignore SIGINT).
            using (var interrupt = Process.Start("kill", ["-INT", demo.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await interrupt.WaitForExitAsync();
            }

            // Its output ends only when every process holding it has gone too.
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var stopped = await demo.WaitForExitAsync(stopping.Token).ContinueWith(wait => wait.IsCompletedSuccessfully, TaskScheduler.Default);
            Assert.True(stopped, "The demo or a process it started was still running 20 s after SIGINT:\n" + Printed());
            Assert.Equal(130, demo.ExitCode);
            Assert.Empty(started.Where(process => Directory.Exists($"/proc/{process.Id}")).Select(process => process.Command));
            Assert.Empty(ports.Where(port => Accepts(port.Value)).Select(port => port.Key));
        }
        finally
        {
            if (!demo.HasExited)
            {
                demo.Kill(entireProcessTree: true);
            }

            // When the demo failed to stop them, they are no longer its children: stop them by their ids.
            foreach (var (id, _) in started.Where(process => Directory.Exists($"/proc/{process.Id}")))
            {
                try
                {
                    using var leftover = Process.GetProcessById(id);
                    leftover.Kill();
                }
                catch (ArgumentException)
                {
                    // Gone meanwhile.
                }
            }
        }
    }

    /// <summary>The printed block under "Try it (copy as is):", up to the blank line after it.</summary>
    private static string TryItLines(string printed)
    {
        var lines = printed.Split('\n');
        var first = Array.FindIndex(lines, line => line.StartsWith("Try it (copy as is):", StringComparison.Ordinal)) + 1;
        Assert.True(first > 0, "The demo printed no curl lines:\n" + printed);
        return string.Join('\n', lines.Skip(first).TakeWhile(line => line.Length > 0));
    }

    /// <summary>Runs <paramref name="script"/> in bash as a person pasting it would; returns what it printed.</summary>
    private static async Task<string> RunAsync(string script)
    {
        using var bash = Process.Start(new ProcessStartInfo("bash", ["-euo", "pipefail", "-c", script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = bash.StandardOutput.ReadToEndAsync();
        var stderr = bash.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await bash.WaitForExitAsync(timeout.Token);
        Assert.True(bash.ExitCode == 0, $"The printed lines failed ({bash.ExitCode}):\n{script}\n{await stderr}");
        return (await stdout).Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    /// <summary>Every process under <paramref name="root"/> now, from /proc: pid and command name.</summary>
    private static List<(int Id, string Command)> Descendants(int root)
    {
        var parents = new Dictionary<int, (int Parent, string Command)>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), out var id) && TryReadStat(folder) is { } stat)
            {
                parents[id] = stat;
            }
        }

        bool Under(int id)
        {
            for (var at = id; parents.TryGetValue(at, out var entry) && at > 1; at = entry.Parent)
            {
                if (entry.Parent == root)
                {
                    return true;
                }
            }

            return false;
        }

        return [.. parents.Where(entry => Under(entry.Key)).Select(entry => (entry.Key, entry.Value.Command))];
    }

    /// <summary>The parent pid and command of /proc/<i>pid</i>/stat: "pid (comm) state ppid ...", comm may hold spaces.</summary>
    private static (int Parent, string Command)? TryReadStat(string folder)
    {
        try
        {
            var stat = File.ReadAllText(Path.Combine(folder, "stat"));
            var open = stat.IndexOf('(', StringComparison.Ordinal);
            var close = stat.LastIndexOf(')');
            var fields = stat[(close + 2)..].Split(' ');
            return (int.Parse(fields[1], CultureInfo.InvariantCulture), stat[(open + 1)..close]);
        }
        catch (IOException)
        {
            return null; // gone meanwhile
        }
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
