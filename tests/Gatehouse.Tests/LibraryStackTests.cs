using System.Text.RegularExpressions;
using Gatehouse.Testing;

namespace Gatehouse.Tests;

/// <summary>The library's folders form the stack the README's layout table draws: each uses only the folders before it.</summary>
public sealed partial class LibraryStackTests
{
    /// <summary>Bottom first, as in the README.</summary>
    private static readonly string[] Stack = ["Storage", "Secrets", "Network", "Validation", "Tokens", "Users", "Chain", "Regulation", "Mfa", "DeviceGrant", "Caching", "Plugins", "Audit", "Housekeeping"];

    [Fact]
    public void Each_folder_of_the_library_uses_only_the_folders_below_it_in_the_stack()
    {
        var shared = Path.Combine(RepositoryRoot.Path, "shared");
        var folders = Directory.GetDirectories(shared).Select(Path.GetFileName).Where(name => name is not ("bin" or "obj")).Order(StringComparer.Ordinal);
        Assert.Equal(Stack.Order(StringComparer.Ordinal), folders);

        var upward = Stack.SelectMany((folder, level) => Directory.EnumerateFiles(Path.Combine(shared, folder), "*.cs")
            .SelectMany(file => UsingPattern().Matches(File.ReadAllText(file)).Select(match => match.Groups[1].Value)
                .Where(used => Array.IndexOf(Stack, used) >= level)
                .Where(used => used != folder)
                .Select(used => $"{folder}/{Path.GetFileName(file)} uses {used}")));

        Assert.Empty(upward);
    }

    [GeneratedRegex(@"^using Gatehouse\.(\w+);", RegexOptions.Multiline)]
    private static partial Regex UsingPattern();
}
